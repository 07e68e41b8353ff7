"""Splitting documents into chunks that fit the embedding model, measured in its own tokens,
and the hash that deduplicates them.

The texts are the kinds that broke the old 800-character chunks (514-629 tokens each, in a
model that reads 256): code, JSON, Russian and Japanese."""

from __future__ import annotations

import json

import pytest
import tokenizers

from orrery.memory import LocalEmbedder
from orrery.memory.chunking import (
    LOCAL_WINDOW,
    Chunker,
    chunk_tokens,
    content_hash,
    normalize,
)

STYLE_GUIDE = """# Channel style guide

Our videos are upbeat and short. Every episode opens with a question and ends with a call to comment.

## Voice

We speak to one viewer, never to "you all". We avoid jargon;
when a term is needed, we explain it in one sentence.

## Facts

- Founded in 2019 in Lisbon.
- Sells handmade ceramics.
"""

CODE = "\n\n".join(
    f"def render_scene_{i}(frames: list[Frame], *, fps: int = 30) -> Clip:\n"
    f'    """Scene {i}: cut the frames to {i + 3} seconds and fade in."""\n'
    f"    kept = [f for f in frames if f.index < fps * {i + 3}]\n"
    f'    return Clip(kept, fade_in_ms={i * 40}, label="scene-{i}")'
    for i in range(60)
)
JSON = json.dumps(
    [
        {
            "id": f"shot-{i:03d}",
            "camera": {"lens_mm": 35 + i % 50, "iso": 100 * (i % 8 + 1)},
            "tags": ["b-roll"],
        }
        for i in range(120)
    ],
    indent=2,
)
RUSSIAN = "\n\n".join(
    f"Глава {i}. Гончарная мастерская в Лиссабоне делает кружки вручную: глину замешивают утром, "
    "формуют на круге днём, а обжигают ночью, когда печь остывает медленнее всего."  # noqa: RUF001
    for i in range(40)
)
JAPANESE = "\n\n".join(
    f"第{i}章。リスボンの陶芸工房では、マグカップを一つずつ手作りしています。"
    "朝に粘土を練り、昼にろくろで形を作り、夜にゆっくりと窯で焼き上げます。"
    for i in range(60)
)


@pytest.fixture(scope="module")
def tokenizer_path(embedder: LocalEmbedder) -> str:
    return str(embedder.tokenizer_file())


@pytest.fixture(scope="module")
def model_tokens(tokenizer_path: str) -> tokenizers.Tokenizer:
    """The model's tokenizer as the model reads a chunk: with its special tokens, untruncated."""
    tokenizer = tokenizers.Tokenizer.from_file(tokenizer_path)
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


@pytest.fixture(scope="module")
def chunker(tokenizer_path: str) -> Chunker:
    from pathlib import Path

    return Chunker(Path(tokenizer_path), chunk_tokens("local", "all-MiniLM-L6-v2"))


@pytest.mark.parametrize("text", [CODE, JSON, RUSSIAN, JAPANESE], ids=["code", "json", "russian", "japanese"])
def test_no_chunk_is_longer_than_the_model_reads(
    chunker: Chunker, model_tokens: tokenizers.Tokenizer, text: str
) -> None:
    # Given a long document of a kind dense in tokens
    # When it is split for the built-in model
    chunks = chunker.split(text)

    # Then every chunk, counted as the model counts it, fits its 256-token window
    sizes = [len(model_tokens.encode(c.text).ids) for c in chunks]
    assert len(chunks) > 3
    assert max(sizes) <= LOCAL_WINDOW, sizes
    # and chunks are not needlessly small: most use over half the window
    assert sorted(sizes)[len(sizes) // 2] > LOCAL_WINDOW // 2, sizes
    # and nothing was lost: each chunk is the text at its offset, and together they cover it
    assert all(text[c.start : c.start + len(c.text)] == c.text for c in chunks)
    assert chunks[0].start == 0
    assert chunks[-1].start + len(chunks[-1].text) == len(text.rstrip())


def test_a_heading_starts_a_chunk_and_names_it(chunker: Chunker) -> None:
    # Given a guide of sections, each longer than a third of a chunk
    sections = [f"## Rule {i}\n\n" + " ".join(["Keep every scene short and bright."] * 12) for i in range(6)]
    text = "# Channel style guide\n\n" + "\n\n".join(sections)

    # When it is split
    chunks = chunker.split(text)

    # Then each chunk after the first starts at a heading, and carries the heading it sits under
    assert all(c.text.startswith("## Rule") for c in chunks[1:]), [c.text[:20] for c in chunks]
    assert [c.metadata["heading"] for c in chunks[1:]] == [c.text.split("\n")[0][3:] for c in chunks[1:]]


def test_chunks_know_their_pages(chunker: Chunker) -> None:
    # Given a three-page text and where each page starts
    pages = [" ".join([f"Page {p} talks about glazes and kilns."] * 40) for p in (1, 2, 3)]
    text = "\n\n".join(pages)
    starts = [0, len(pages[0]) + 2, len(pages[0]) + len(pages[1]) + 4]

    # When it is split
    chunks = chunker.split(text, pages=starts)

    # Then each chunk names the page it starts on and the one it ends on
    for chunk in chunks:
        first, last = chunk.metadata["page"], chunk.metadata["page_end"]
        assert f"Page {first} " in chunk.text[:40] or first < last
        assert f"Page {last} " in chunk.text
    assert {c.metadata["page"] for c in chunks} == {1, 2, 3}


def test_a_short_document_is_one_chunk_and_blank_text_none(chunker: Chunker) -> None:
    assert [c.text for c in chunker.split("  A single paragraph.  ")] == ["A single paragraph."]
    assert chunker.split(" \n\n\t ") == []


def test_splitting_is_deterministic(chunker: Chunker) -> None:
    assert chunker.split(STYLE_GUIDE * 20) == chunker.split(STYLE_GUIDE * 20)


def test_provider_models_use_their_limits() -> None:
    # OpenAI's models read 8191 tokens: chunks stay at a size search works well with
    assert chunk_tokens("openai", "text-embedding-3-small") == 512
    # An unknown model is assumed to read 512 of its own tokens: half, for a finer tokenizer
    assert chunk_tokens("openai_compatible", "nomic-embed-text") == 256
    assert chunk_tokens("local", "all-MiniLM-L6-v2") == LOCAL_WINDOW - 2


def test_the_hash_ignores_spacing_but_not_words() -> None:
    assert normalize("  Hello\n\n  world\t! ") == "Hello world !"
    assert content_hash("Hello   world") == content_hash("\nHello world\n")
    assert content_hash("Hello world") != content_hash("Hello, world")
    assert len(content_hash("x")) == 64


@pytest.mark.parametrize(("max_tokens", "overlap"), [(10, 0), (100, 60), (100, -1)])
def test_nonsense_limits_are_refused(tokenizer_path: str, max_tokens: int, overlap: int) -> None:
    from pathlib import Path

    with pytest.raises(ValueError, match="max_tokens"):
        Chunker(Path(tokenizer_path), max_tokens, overlap=overlap)


def test_a_long_text_is_split_in_blocks_and_loses_nothing(
    chunker: Chunker, model_tokens: tokenizers.Tokenizer
) -> None:
    # Given a text several times the size of a block (split apart, in parallel)
    text = "\n\n".join(f"Paragraph {i}: " + "the kiln cools slowly overnight. " * 6 for i in range(1500))
    assert len(text) > 3 * 64_000

    # When it is split
    chunks = chunker.split(text)

    # Then every chunk is the text at its offset, in order, none over the window, and every
    # paragraph is in a chunk
    assert all(text[c.start : c.start + len(c.text)] == c.text for c in chunks)
    assert [c.start for c in chunks] == sorted(c.start for c in chunks)
    assert max(len(model_tokens.encode(c.text).ids) for c in chunks) <= LOCAL_WINDOW
    covered = "\n".join(c.text for c in chunks)
    assert all(f"Paragraph {i}:" in covered for i in range(1500))
