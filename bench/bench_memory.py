"""Memory: ingest throughput with the built-in model, search latency at 10k and 100k rows, HNSW recall@10.

Ingest: 10,000 chunks of synthetic English prose (documents of ~20 paragraphs) go
through `MemoryService.ingest` end to end as a user: split, embedded by the built-in
all-MiniLM-L6-v2 (int8 ONNX, onnxruntime, 2 threads), inserted with RLS. The time is
split into embedding and everything else (hashing, SQL, HNSW index maintenance).

Search: the store's search (HNSW, iterative scan, as the user, with RLS) for 200
queries whose vectors are precomputed, so the figure is the database's; the query's
own embedding is measured apart. At 100k rows the extra 90,000 rows are NOT model
output: each is a real chunk's embedding plus Gaussian noise (sigma 0.05 per
dimension), renormalized, so they cluster like real text; they are COPYed in as the
schema owner and the HNSW index is rebuilt once.

Recall@10: for each query, the share of the exact top 10 (every row compared, no
index) that the HNSW search returns, on the same data. Target >= 0.95.

Peak memory of ingestion (issue 14): five documents of ~510 KB added at once through
`MemoryService.add_document`, in a fresh process each time, its resident memory sampled
every 2 ms (psutil): "before" is the old shape (batches of 32, as many model runs at once
as documents), "after" the default settings (batches of 8, one model run at a time).
The figure is the growth over the process with the model loaded; the load average is
printed beside it. ORRERY_BENCH_MEMORY_ONLY=ingest_peak runs this part alone.

A 5 MB PDF until searchable (issue 20): a PDF of `ORRERY_BENCH_MEMORY_PDF_PAGES` (200)
pages of prose, uncompressed so it weighs ~5 MB, added through `add_document` as a file
(base64) with a job queue that runs the worker's job in the same process: "added" is
the request (since issue 20's move into the job: size, kind, sha256, storing the bytes;
before it: pypdf extraction, token-aware chunking, storing the chunks), "searchable" the
time until a search returns it (the job reading, chunking and embedding every chunk,
then `ready`). ORRERY_BENCH_MEMORY_ONLY=pdf runs this part alone;
ORRERY_BENCH_MEMORY_PDF_REQUEST_ONLY=1 measures the request alone (its job cancelled).

Sizes can be shrunk for a quick look: ORRERY_BENCH_MEMORY_CHUNKS / _ROWS / _INGEST_KB.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import uuid
from typing import Any

import numpy as np
import psycopg
from orrery.memory import LocalEmbedder, MemoryService
from orrery.memory.embeddings import Vectors
from orrery.memory.ingestion import NewDocument
from orrery.memory.models import MemoryCollectionCreate
from orrery.net import SafeHttpClient
from orrery.settings import DatabaseSettings, MemorySettings
from orrery.store import memories as store
from orrery.store.database import Database
from pgvector.psycopg.vector import register_vector_info
from psycopg.types import TypeInfo
from psycopg.types.json import Jsonb
from stack import embedded_stack

CHUNKS = int(os.environ.get("ORRERY_BENCH_MEMORY_CHUNKS", "10000"))
INGEST_KB = int(os.environ.get("ORRERY_BENCH_MEMORY_INGEST_KB", "510"))
ONLY = os.environ.get("ORRERY_BENCH_MEMORY_ONLY", "")
PDF_PAGES = int(os.environ.get("ORRERY_BENCH_MEMORY_PDF_PAGES", "200"))
PDF_REQUEST_ONLY = os.environ.get("ORRERY_BENCH_MEMORY_PDF_REQUEST_ONLY", "") == "1"
"""Measure the add request alone (its job is cancelled): the before/after of issue 20's
move of extraction into the job, without embedding 900 chunks each time."""
BIG_ROWS = int(os.environ.get("ORRERY_BENCH_MEMORY_ROWS", "100000"))
QUERIES = 200
K = 10
INDEX = "memories_embedding_384_idx"

WORDS = [
    "channel",
    "video",
    "script",
    "scene",
    "glaze",
    "kiln",
    "bowl",
    "ceramic",
    "studio",
    "lisbon",
    "audience",
    "question",
    "hook",
    "pacing",
    "thumbnail",
    "title",
    "episode",
    "viewer",
    "comment",
    "upbeat",
    "brand",
    "voice",
    "color",
    "light",
    "camera",
    "edit",
    "cut",
    "music",
    "story",
    "product",
    "launch",
    "review",
    "tutorial",
    "beginner",
    "clay",
    "wheel",
    "fire",
    "temperature",
    "cobalt",
    "blue",
    "matte",
    "gloss",
    "texture",
    "market",
    "price",
    "shipping",
    "customer",
    "order",
    "gift",
    "handmade",
    "craft",
    "workshop",
    "morning",
    "evening",
    "weekly",
    "series",
]


class TimedEmbedder:
    """The built-in model, with the time spent embedding added up."""

    def __init__(self, inner: LocalEmbedder) -> None:
        self.inner = inner
        self.provider = inner.provider
        self.model = inner.model
        self.seconds = 0.0

    def tokenizer_file(self) -> Any:
        return self.inner.tokenizer_file()

    async def embed(self, texts: Any) -> Vectors:
        start = time.perf_counter()
        try:
            return await self.inner.embed(texts)
        finally:
            self.seconds += time.perf_counter() - start


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def document(rng: random.Random) -> str:
    return "\n\n".join(
        " ".join(sentence(rng) for _ in range(rng.randint(3, 6))) for _ in range(20)
    )


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[int(len(ordered) * 0.95)] * 1000,
    }


async def search_all(
    db: Database, claims: dict[str, Any], collection: str, queries: Vectors, exact: bool
) -> tuple[list[list[str]], list[float]]:
    found, times = [], []
    for query in queries:
        start = time.perf_counter()
        async with db.as_user(claims) as conn:
            rows = await store.search(
                conn, collection_id=collection, query=query, k=K, exact=exact
            )
        times.append(time.perf_counter() - start)
        found.append([str(r["id"]) for r in rows])
    return found, times


def recall(approximate: list[list[str]], exact: list[list[str]]) -> float:
    return statistics.mean(
        len(set(a) & set(e)) / len(e) for a, e in zip(approximate, exact, strict=True)
    )


async def measure(
    db: Database, claims: dict[str, Any], collection: str, queries: Vectors
) -> dict[str, Any]:
    await search_all(
        db, claims, collection, queries[:20], exact=False
    )  # warm the cache
    hnsw, times = await search_all(db, claims, collection, queries, exact=False)
    exact, exact_times = await search_all(db, claims, collection, queries, exact=True)
    return {
        "search": summary(times),
        "exact_search": summary(exact_times),
        "recall_at_10": recall(hnsw, exact),
        "short_results": sum(len(r) < K for r in hnsw),
    }


def add_noisy_rows(
    admin_url: str, owner: str, collection: str, base: Vectors, rows: int
) -> float:
    """`rows` near-copies of real embeddings in one document, by COPY; the index rebuilt once."""
    rng = np.random.default_rng(11)
    start = time.perf_counter()
    with psycopg.connect(admin_url) as conn:
        register_vector_info(conn, TypeInfo.fetch(conn, "extensions.vector"))
        definition = conn.execute(
            "select indexdef from pg_indexes where indexname = %s", (INDEX,)
        ).fetchone()
        assert definition is not None
        conn.execute(f"drop index public.{INDEX}")  # type: ignore[arg-type]
        document_id = uuid.uuid4()
        conn.execute(
            "insert into public.memory_documents (id, owner_id, collection_id, title, source, content_hash, "
            "chunk_count, char_count) values (%s, %s, %s, 'Noisy copies', 'text', %s, %s, 0)",
            (document_id, owner, collection, uuid.uuid4().hex * 2, rows),
        )
        picks = base[rng.integers(0, len(base), rows)]
        vectors = picks + rng.normal(0, 0.05, picks.shape).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        with conn.cursor().copy(
            "copy public.memories (owner_id, collection_id, document_id, chunk_index, content, metadata, "
            "content_hash, dimensions, embedding) from stdin (format binary)"
        ) as copy:
            copy.set_types(
                [
                    "uuid",
                    "uuid",
                    "uuid",
                    "int4",
                    "text",
                    "jsonb",
                    "text",
                    "int2",
                    "vector",
                ]
            )
            for i, vector in enumerate(vectors):
                copy.write_row(
                    (
                        uuid.UUID(owner),
                        uuid.UUID(collection),
                        document_id,
                        i,
                        "noise",
                        Jsonb({}),
                        "0" * 64,
                        384,
                        vector,
                    )
                )
        conn.execute("set maintenance_work_mem = '512MB'")
        conn.execute(definition[0])
        conn.execute("analyze public.memories")
    return time.perf_counter() - start


def ingest_peak(
    stack: Any, owner: str, batch_size: int, concurrency: int
) -> dict[str, Any]:
    """Peak RSS growth of a fresh process adding five documents at once (see the docstring)."""
    env = {
        **os.environ,
        "BENCH_ENGINE_URL": stack.engine_url,
        "BENCH_ADMIN_URL": stack.admin_url,
    }
    args = [
        sys.executable,
        __file__,
        "--ingest-peak",
        owner,
        str(batch_size),
        str(concurrency),
    ]
    out = subprocess.run(
        args, env=env, capture_output=True, text=True, check=True, timeout=3600
    )
    figures: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return figures


async def _ingest_peak_child(
    owner: str, batch_size: int, concurrency: int
) -> dict[str, Any]:
    import psutil
    from orrery.memory.models import MemoryDocumentCreate

    process = psutil.Process()
    claims = {"sub": owner, "role": "authenticated", "aud": "authenticated"}
    db = Database(
        DatabaseSettings(
            url=os.environ["BENCH_ENGINE_URL"],
            admin_url=os.environ["BENCH_ADMIN_URL"],
            pool_max=4,
        )
    )
    await db.open()
    await db.pool.wait()
    embedder = LocalEmbedder(batch_size=batch_size, concurrency=concurrency)
    await embedder.embed(["warm up"])
    rng = random.Random(int(time.time()))
    texts = []
    for _ in range(5):
        text = ""
        while len(text.encode()) < INGEST_KB * 1024 - 20_000:
            text += document(rng) + "\n\n"
        texts.append(text)
    async with SafeHttpClient() as http:
        service = MemoryService(db, embedder, http)
        made = await service.create_collection(
            claims, MemoryCollectionCreate(name=f"Peak {uuid.uuid4().hex[:6]}")
        )
        base = peak = process.memory_info().rss
        stop = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not stop.is_set():
                peak = max(peak, process.memory_info().rss)
                stop.wait(0.002)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        start = time.perf_counter()
        added = await asyncio.gather(
            *(
                service.add_document(
                    claims, str(made.id), MemoryDocumentCreate(source="text", text=t)
                )
                for t in texts
            )
        )
        seconds = time.perf_counter() - start
        stop.set()
        sampler.join()
    await db.close()
    return {
        "batch_size": batch_size,
        "concurrency": concurrency,
        "documents_kb": [len(t.encode()) // 1024 for t in texts],
        "chunks": sum(a.document.chunk_count for a in added),
        "base_mb": base / 2**20,
        "peak_mb": peak / 2**20,
        "grew_mb": (peak - base) / 2**20,
        "seconds": seconds,
        "loadavg_1m": os.getloadavg()[0],
    }


def _print_peak(label: str, r: dict[str, Any]) -> None:
    print(
        f"ingest 5 x {INGEST_KB} KB at once, {label} (batch {r['batch_size']}, {r['concurrency']} model "
        f"run(s) at once): {r['base_mb']:.0f} MB -> peak {r['peak_mb']:.0f} MB (+{r['grew_mb']:.0f} MB), "
        f"{r['chunks']} chunks in {r['seconds']:.1f} s, load average {r['loadavg_1m']:.2f}"
    )


def prose_pdf(rng: random.Random, pages: int) -> bytes:
    """A PDF of `pages` pages of prose (streams uncompressed, ~7 KB of text a page), each
    with a photo-like picture (noise, which does not compress: ~19 KB), ~5 MB for 200 pages:
    the size of a real illustrated report."""
    import io

    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF()
    pdf.set_compression(False)
    pdf.set_font("helvetica", size=8)
    for _ in range(pages):
        pdf.add_page()
        picture = io.BytesIO()
        Image.frombytes("RGB", (80, 80), rng.randbytes(80 * 80 * 3)).save(
            picture, format="PNG"
        )
        pdf.image(picture, x=150, y=10, w=40)
        pdf.multi_cell(120, 3.4, " ".join(sentence(rng) for _ in range(60)))
    return bytes(pdf.output())


class InProcessJobs:
    """The worker's job, run in this process as soon as it is queued (as a free worker would)."""

    def __init__(self) -> None:
        self.service: MemoryService | None = None
        self.tasks: list[asyncio.Task[Any]] = []

    async def embed_document(self, document_id: str, owner_id: str) -> None:
        assert self.service is not None
        claims = {"sub": owner_id, "role": "authenticated", "aud": "authenticated"}
        self.tasks.append(
            asyncio.create_task(self.service.embed_document(claims, document_id))
        )

    async def crawl_site(self, document_id: str, owner_id: str) -> None:
        assert self.service is not None
        claims = {"sub": owner_id, "role": "authenticated", "aud": "authenticated"}
        self.tasks.append(
            asyncio.create_task(self.service.crawl_site(claims, document_id))
        )


async def pdf_until_searchable(stack: Any, owner: str) -> dict[str, Any]:
    import base64

    from orrery.memory.models import MemoryDocumentCreate, MemorySearch

    rng = random.Random(20)
    data = prose_pdf(rng, PDF_PAGES)
    claims = {"sub": owner, "role": "authenticated", "aud": "authenticated"}
    db = Database(
        DatabaseSettings(
            url=stack.engine_url,
            admin_url=stack.admin_url,
            claims_secret=stack.jwt_secret,
            pool_max=4,
        )
    )
    await db.open()
    local = LocalEmbedder.from_settings(MemorySettings())
    local.load()
    jobs = InProcessJobs()
    async with SafeHttpClient() as http:
        service = MemoryService(db, local, http, jobs=jobs)
        jobs.service = service
        made = await service.create_collection(
            claims, MemoryCollectionCreate(name=f"PDF {uuid.uuid4().hex[:6]}")
        )
        start = time.perf_counter()
        added = await service.add_document(
            claims,
            str(made.id),
            MemoryDocumentCreate(
                source="file",
                filename="bench.pdf",
                content_base64=base64.b64encode(data).decode(),
            ),
        )
        added_s = time.perf_counter() - start
        if PDF_REQUEST_ONLY:
            for task in jobs.tasks:
                task.cancel()
            await asyncio.gather(*jobs.tasks, return_exceptions=True)
            await db.close()
            print(
                f"PDF {len(data) / 1e6:.1f} MB, {PDF_PAGES} pages: the add request returned in "
                f"{added_s:.2f} s (status {added.document.status}, {added.document.chunk_count} chunks "
                f"stored by the request); load average {os.getloadavg()}"
            )
            return {
                "pdf_bytes": len(data),
                "pages": PDF_PAGES,
                "added_s": added_s,
                "load_average": os.getloadavg(),
            }
        query = MemorySearch(query=sentence(rng), k=1)
        while not (await service.search(claims, str(made.id), query)).results:
            await asyncio.sleep(0.05)
        searchable_s = time.perf_counter() - start
        await asyncio.gather(*jobs.tasks)
        # (the job, not the request, chunks the file now: count from the document once ready)
        chunks = (
            await service.get_document(claims, str(added.document.id))
        ).chunk_count
    await db.close()
    result = {
        "pdf_bytes": len(data),
        "pages": PDF_PAGES,
        "chunks": chunks,
        "added_s": added_s,
        "searchable_s": searchable_s,
        "chunks_per_s_after_the_request": chunks / max(searchable_s - added_s, 1e-9),
        "load_average": os.getloadavg(),
    }
    print(
        f"PDF {len(data) / 1e6:.1f} MB, {PDF_PAGES} pages, {chunks} chunks: the add request returned in "
        f"{added_s:.2f} s, searchable after {searchable_s:.1f} s "
        f"({result['chunks_per_s_after_the_request']:.1f} chunks/s read and embedded after the request); "
        f"load average {os.getloadavg()}"
    )
    return result


async def run() -> dict[str, Any]:
    if ONLY == "pdf":
        with embedded_stack() as stack:
            return {
                "pdf_until_searchable": await pdf_until_searchable(
                    stack, _bench_user(stack.admin_url)
                )
            }
    if ONLY == "ingest_peak":
        with embedded_stack() as stack:
            owner = _bench_user(stack.admin_url)
            return _ingest_peaks(stack, owner)
    rng = random.Random(5)
    with embedded_stack() as stack:
        with psycopg.connect(stack.admin_url, autocommit=True) as conn:
            row = conn.execute(
                "insert into auth.users (email) values ('bench@example.test') returning id::text"
            ).fetchone()
        assert row is not None
        owner = str(row[0])
        claims = {"sub": owner, "role": "authenticated", "aud": "authenticated"}
        db = Database(
            DatabaseSettings(
                url=stack.engine_url,
                admin_url=stack.admin_url,
                claims_secret=stack.jwt_secret,
                pool_max=4,
            )
        )
        await db.open()
        await db.pool.wait()
        local = LocalEmbedder()
        start = time.perf_counter()
        local.load()
        load_s = time.perf_counter() - start
        timed = TimedEmbedder(local)
        async with SafeHttpClient() as http:
            service = MemoryService(db, local, http)
            service.local = timed  # type: ignore[assignment]
            made = await service.create_collection(
                claims, MemoryCollectionCreate(name="Bench")
            )
            collection = await service._collection(claims, str(made.id))

            # Ingest until CHUNKS chunks are stored.
            stored = documents = 0
            start = time.perf_counter()
            while stored < CHUNKS:
                row, _ = await service.ingest(
                    claims,
                    collection,
                    NewDocument(
                        text=document(rng), title=f"Doc {documents}", source="text"
                    ),
                )
                stored += int(row["chunk_count"])
                documents += 1
            ingest_s = time.perf_counter() - start

            # Query vectors: real embeddings of new sentences (timed), at 10k rows.
            texts = [" ".join(sentence(rng) for _ in range(2)) for _ in range(QUERIES)]
            times = []
            vectors = []
            for text in texts:
                t0 = time.perf_counter()
                vectors.append((await local.embed([text]))[0])
                times.append(time.perf_counter() - t0)
            queries = np.array(vectors, dtype=np.float32)
            at_10k = await measure(db, claims, str(made.id), queries)

            # 100k rows: real embeddings plus noisy copies of them.
            async with db.as_user(claims) as conn:
                await store.ensure_vector_type(conn)
                cur = await conn.execute(
                    "select embedding from public.memories where collection_id = %s",
                    (str(made.id),),
                )
                base = np.array(
                    [
                        np.asarray(r["embedding"].to_numpy())
                        for r in await cur.fetchall()
                    ],
                    dtype=np.float32,
                )
            extra = max(0, BIG_ROWS - stored)
            load_extra_s = add_noisy_rows(
                stack.admin_url, owner, str(made.id), base, extra
            )
            at_100k = await measure(db, claims, str(made.id), queries)
        await db.close()
        peaks = _ingest_peaks(stack, owner)
        pdf = await pdf_until_searchable(stack, owner)

    result = {
        "model_load_s": load_s,
        "ingest": {
            "chunks": stored,
            "documents": documents,
            "seconds": ingest_s,
            "chunks_per_s": stored / ingest_s,
            "embedding_s": timed.seconds,
            "other_s": ingest_s - timed.seconds,
            "embedding_share": timed.seconds / ingest_s,
        },
        "query_embedding": summary(times),
        "rows_10k": {"rows": stored, **at_10k},
        "rows_100k": {
            "rows": stored + extra,
            "bulk_load_and_index_s": load_extra_s,
            **at_100k,
        },
        **peaks,
        "pdf_until_searchable": pdf,
    }
    i = result["ingest"]
    print(f"model load {load_s:.2f} s")
    print(
        f"ingest {i['chunks']} chunks ({i['documents']} documents) in {i['seconds']:.1f} s: "
        f"{i['chunks_per_s']:.1f} chunks/s; embedding {i['embedding_s']:.1f} s "
        f"({100 * i['embedding_share']:.0f}%), the rest (chunking, SQL, HNSW) {i['other_s']:.1f} s"
    )
    q = result["query_embedding"]
    print(f"query embedding p50 {q['p50_ms']:.1f} ms, p95 {q['p95_ms']:.1f} ms")
    print(
        f"{'rows':>8}{'p50 ms':>10}{'p95 ms':>10}{'exact p50':>11}{'recall@10':>11}{'short':>7}"
    )
    for key in ("rows_10k", "rows_100k"):
        r = result[key]
        print(
            f"{r['rows']:>8}{r['search']['p50_ms']:>10.2f}{r['search']['p95_ms']:>10.2f}"
            f"{r['exact_search']['p50_ms']:>11.2f}{r['recall_at_10']:>11.3f}{r['short_results']:>7}"
        )
    return result


def _bench_user(admin_url: str) -> str:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        row = conn.execute(
            "insert into auth.users (email) values (%s) returning id::text",
            (f"{uuid.uuid4().hex[:8]}@bench.test",),
        ).fetchone()
    assert row is not None
    return str(row[0])


def _ingest_peaks(stack: Any, owner: str) -> dict[str, Any]:
    before = ingest_peak(stack, owner, batch_size=32, concurrency=5)
    _print_peak("before", before)
    default = MemorySettings()
    after = ingest_peak(
        stack, owner, default.embedding_batch_size, default.embedding_concurrency
    )
    _print_peak("after", after)
    return {"ingest_peak_before": before, "ingest_peak_after": after}


if __name__ == "__main__" and len(sys.argv) == 5 and sys.argv[1] == "--ingest-peak":
    figures = asyncio.run(
        _ingest_peak_child(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    )
    print(json.dumps(figures))
