"""Seconds of video rendered per CPU-second (a 10-scene 720p slideshow), asset store throughput, render cancel latency.

The slideshow is what the Explainer template's `video` node renders: 10 demo title cards with
demo narration and burned captions, 1280x720 at 24 fps, H.264 (x264 veryfast, CRF 23) + AAC.
CPU seconds are the process's (user + system: x264's threads included), so the figure holds
however busy the machine is; wall time is printed too. Throughput: the local asset store
(files under a temporary data directory) writing and reading 20 MiB blobs. Cancel latency:
from setting a long render's cancel flag to its thread returning. Load average beside.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from orrery.assets.storage import LocalBlobStore
from orrery.media import demo
from orrery.media.errors import RenderCancelled
from orrery.media.render import Scene, VideoSpec, slideshow

SCENES = 10
BLOB_MIB = 20
BLOBS = 5


def _cpu() -> float:
    t = os.times()
    return t.user + t.system


def _render(folder: Path) -> dict[str, float]:
    scenes = []
    for i in range(SCENES):
        (folder / f"i{i}.png").write_bytes(demo.title_card(f"Scene {i}: why the sky is blue", 1280, 720))
        (folder / f"a{i}.wav").write_bytes(
            demo.voice(f"Scene {i}. Sunlight scatters off the air, blue most of all.")
        )
        scenes.append(
            Scene(
                folder / f"i{i}.png",
                folder / f"a{i}.wav",
                caption=f"Scene {i}: blue light scatters most",
            )
        )
    cpu, wall = _cpu(), time.perf_counter()
    rendered = slideshow(scenes, folder / "out.mp4", VideoSpec(), threading.Event(), lambda _: None)
    cpu, wall = _cpu() - cpu, time.perf_counter() - wall
    return {
        "video_s": rendered.duration_s,
        "cpu_s": cpu,
        "wall_s": wall,
        "video_s_per_cpu_s": rendered.duration_s / cpu,
        "video_s_per_wall_s": rendered.duration_s / wall,
        "mp4_bytes": rendered.size,
    }


def _cancel_latency(folder: Path) -> float:
    (folder / "long.png").write_bytes(demo.title_card("long", 1280, 720))
    flag = threading.Event()
    done = threading.Event()
    started = threading.Event()

    def work() -> None:
        with contextlib.suppress(RenderCancelled):
            slideshow(
                [Scene(folder / "long.png", duration_s=600)],
                folder / "long.mp4",
                VideoSpec(),
                flag,
                lambda f: started.set() if f > 0.001 else None,
            )
        done.set()

    thread = threading.Thread(target=work)
    thread.start()
    started.wait()
    at = time.perf_counter()
    flag.set()
    done.wait()
    thread.join()
    return time.perf_counter() - at


async def _throughput(folder: Path) -> dict[str, float]:
    store = LocalBlobStore(folder / "assets")
    blob = os.urandom(BLOB_MIB * 1024 * 1024)
    keys = [f"{uuid.uuid4()}/{uuid.uuid4()}" for _ in range(BLOBS)]
    at = time.perf_counter()
    for key in keys:
        await store.put(key, blob, "application/octet-stream")
    put_s = time.perf_counter() - at
    at = time.perf_counter()
    for key in keys:
        await store.get(key)
    get_s = time.perf_counter() - at
    await store.delete(keys)
    total = BLOB_MIB * BLOBS
    return {"upload_mib_s": total / put_s, "download_mib_s": total / get_s}


async def run() -> dict[str, Any]:
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-media-") as name:
        folder = Path(name)
        render = await asyncio.to_thread(_render, folder)
        cancel_s = await asyncio.to_thread(_cancel_latency, folder)
        store = await _throughput(folder)
    load_after = os.getloadavg()
    result = {
        **render,
        "cancel_latency_s": cancel_s,
        **store,
        "load_average_1m": [load_before[0], load_after[0]],
    }
    print(
        f"10-scene 720p slideshow: {render['video_s']:.1f} s of video in {render['cpu_s']:.1f} CPU-s "
        f"({render['video_s_per_cpu_s']:.2f} video-s per CPU-s; {render['wall_s']:.1f} s wall, "
        f"{render['video_s_per_wall_s']:.2f}x real time); cancel stops the render in {cancel_s * 1000:.0f} ms; "
        f"local asset store {store['upload_mib_s']:.0f} MiB/s up, {store['download_mib_s']:.0f} MiB/s down; "
        f"load average {load_before[0]:.2f} -> {load_after[0]:.2f}"
    )
    return result


if __name__ == "__main__":
    asyncio.run(run())
