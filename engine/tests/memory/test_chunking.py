"""Splitting documents into overlapping chunks, and the hash that deduplicates them."""

from __future__ import annotations

import itertools

import pytest

from orrery.memory.chunking import content_hash, normalize, split_text

STYLE_GUIDE = """# Channel style guide

Our videos are upbeat and short. Every episode opens with a question and ends with a call to comment.

## Voice

We speak to one viewer, never to "you all". We avoid jargon;
when a term is needed, we explain it in one sentence.

## Facts

- Founded in 2019 in Lisbon.
- Sells handmade ceramics.
"""


def test_a_short_document_is_one_chunk() -> None:
    assert split_text("  A single paragraph.  ") == ["A single paragraph."]


def test_blank_text_has_no_chunks() -> None:
    assert split_text(" \n\n\t ") == []


def test_chunks_stay_under_the_limit_and_overlap_on_whole_words() -> None:
    # Given a long document of many sentences and paragraphs
    text = "\n\n".join(
        " ".join(f"Paragraph {p} sentence {s} is about pacing and tone." for s in range(12)) for p in range(8)
    )

    # When it is split with the defaults
    chunks = split_text(text)

    # Then every chunk fits, and each one after the first starts with text the previous one ended with
    assert len(chunks) > 5
    assert all(0 < len(c) <= 800 for c in chunks)
    for previous, chunk in itertools.pairwise(chunks):
        first_sentence = chunk.split(". ")[0]
        assert first_sentence in previous, (previous[-150:], chunk[:150])
    # and no word was cut: every word of every chunk is a word of the text
    words = set(text.split())
    assert all(word in words for c in chunks for word in c.split())


def test_markdown_sections_stay_whole_when_they_fit() -> None:
    chunks = split_text(STYLE_GUIDE, max_chars=200, overlap=40)
    assert chunks[0].startswith("# Channel style guide")
    assert any(c.startswith("## Voice") or "## Voice\n\nWe speak" in c for c in chunks)
    assert any("- Founded in 2019 in Lisbon.\n- Sells handmade ceramics." in c for c in chunks)


def test_a_word_longer_than_a_chunk_is_cut() -> None:
    token = "x" * 1900
    chunks = split_text(f"before {token} after", max_chars=800, overlap=100)
    assert all(len(c) <= 800 for c in chunks)
    assert token in "".join(chunks)
    assert (chunks[0], chunks[-1][-6:]) == ("before", " after")


def test_splitting_is_deterministic() -> None:
    assert split_text(STYLE_GUIDE * 20) == split_text(STYLE_GUIDE * 20)


def test_the_hash_ignores_spacing_but_not_words() -> None:
    assert normalize("  Hello\n\n  world\t! ") == "Hello world !"
    assert content_hash("Hello   world") == content_hash("\nHello world\n")
    assert content_hash("Hello world") != content_hash("Hello, world")
    assert len(content_hash("x")) == 64


@pytest.mark.parametrize(("max_chars", "overlap"), [(10, 0), (100, 60), (100, -1)])
def test_nonsense_limits_are_refused(max_chars: int, overlap: int) -> None:
    with pytest.raises(ValueError, match="max_chars"):
        split_text("text", max_chars=max_chars, overlap=overlap)
