"""Asset upload and download MiB/s through the engine's HTTP API, and the engine's memory meanwhile.

A real `orrery engine` process (uvicorn, the local store under a temporary data directory) on
an embedded Postgres and Valkey; a client in this process streams each upload from a
generator (never whole in memory) with its `Content-Length`, and reads each download as it
comes. Two kinds of upload, because they take two paths: a PDF streams straight to the store;
a WAV (audio) is spooled to a temporary file, inspected (duration), then streamed to the store.
Beside them, the engine process's peak resident memory (sampled every 5 ms) over what it had
before the uploads, and the load average. The store-level figures (no HTTP) are in
`bench_media`.
"""

from __future__ import annotations

import asyncio
import os
import struct
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Self

import httpx
import jwt
import psutil
import psycopg
from stack import JWT_SECRET, embedded_stack, engine_process

MiB = 1024 * 1024
FILE_MIB = 64
FILES = 3
PIECE = os.urandom(MiB)



def _pdf(size: int) -> Iterator[bytes]:
    yield b"%PDF-1.7\n" + PIECE[: MiB - 9]
    for _ in range(size // MiB - 1):
        yield PIECE


def _wav(size: int) -> Iterator[bytes]:
    """A 16-bit stereo 48 kHz WAV of `size` bytes (64 MiB: ~350 s, under the 600 s limit)."""
    data = size - 44
    header = b"RIFF" + struct.pack("<I", size - 8) + b"WAVEfmt "
    header += struct.pack("<IHHIIHH", 16, 1, 2, 48_000, 48_000 * 4, 4, 16)
    header += b"data" + struct.pack("<I", data)
    yield header + PIECE[: MiB - 44]
    for _ in range(size // MiB - 1):
        yield PIECE


class _PeakRss:
    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.before = self.peak = self.process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            self._stop.wait(0.005)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def _measure(base: str, token: str, engine_pid: int) -> dict[str, float]:
    headers = {"Authorization": f"Bearer {token}"}
    size = FILE_MIB * MiB
    out: dict[str, float] = {}
    with httpx.Client(base_url=base, timeout=300, headers=headers) as client:
        for kind, body in (("pdf", _pdf), ("wav", _wav)):
            ids: list[str] = []
            with _PeakRss(engine_pid) as rss:
                at = time.perf_counter()
                for i in range(FILES):
                    response = client.post(
                        "/api/v1/assets/",
                        params={"name": f"bench-{i}.{kind}"},
                        content=body(size),
                        headers={"Content-Length": str(size)},
                    )
                    response.raise_for_status()
                    ids.append(response.json()["id"])
                upload_s = time.perf_counter() - at
            at = time.perf_counter()
            for asset_id in ids:
                got = 0
                with client.stream(
                    "GET", f"/api/v1/assets/{asset_id}/content"
                ) as response:
                    response.raise_for_status()
                    for chunk in response.iter_bytes():
                        got += len(chunk)
                assert got == size, (got, size)
            download_s = time.perf_counter() - at
            for asset_id in ids:
                client.delete(f"/api/v1/assets/{asset_id}").raise_for_status()
            out[f"{kind}_upload_mib_s"] = FILE_MIB * FILES / upload_s
            out[f"{kind}_download_mib_s"] = FILE_MIB * FILES / download_s
            out[f"{kind}_engine_rss_growth_mib"] = (rss.peak - rss.before) / MiB
    return out


def _bench() -> dict[str, Any]:
    with (
        embedded_stack() as stack,
        tempfile.TemporaryDirectory(prefix="orrery-assets-") as tmp,
    ):
        env = {
            "ORRERY_DATA_DIR": str(Path(tmp)),
            "ASSETS_MAX_UPLOAD_BYTES": str(FILE_MIB * MiB),
            # A 64 MiB body on a busy machine may take longer than the default 30 s.
            "ENGINE_BODY_TIMEOUT_S": "300",
        }
        with engine_process(stack, env) as engine:
            user = str(uuid.uuid4())
            with psycopg.connect(stack.admin_url, autocommit=True) as conn:
                conn.execute(
                    "insert into auth.users (id, email) values (%s, %s)",
                    (user, f"{user}@bench"),
                )
            token = jwt.encode(
                {
                    "sub": user,
                    "role": "authenticated",
                    "aud": "authenticated",
                    "exp": int(time.time()) + 3600,
                },
                JWT_SECRET,
                algorithm="HS256",
            )
            load_before = os.getloadavg()[0]
            result: dict[str, Any] = _measure(engine.base, token, engine.pid)
            result["load_average_1m"] = [load_before, os.getloadavg()[0]]
    print(
        f"through the engine's HTTP API ({FILES} files of {FILE_MIB} MiB each way; the client in "
        f"another process, on the same 2 cores)"
    )
    print(
        f"{'upload kind':<36}{'up MiB/s':>10}{'down MiB/s':>12}{'engine RSS +MiB':>17}"
    )
    for kind, label in (
        ("pdf", "PDF (streamed to the store)"),
        ("wav", "WAV (spooled, inspected, stored)"),
    ):
        print(
            f"{label:<36}{result[f'{kind}_upload_mib_s']:>10.0f}{result[f'{kind}_download_mib_s']:>12.0f}"
            f"{result[f'{kind}_engine_rss_growth_mib']:>17.1f}"
        )
    print(
        f"load average {result['load_average_1m'][0]:.2f} -> {result['load_average_1m'][1]:.2f}"
    )
    return result


async def run() -> dict[str, Any]:
    return await asyncio.to_thread(_bench)


if __name__ == "__main__":
    asyncio.run(run())
