"""Each media operation on small media made in the test: a slideshow with narration, burned
captions and a ducked background, a thumbnail, concatenating and trimming clips; a
malformed input fails with FFmpeg's reason; limits are refused before encoding; a cancelled
render stops before it finishes and leaves no file."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from orrery.media import demo
from orrery.media.edit import Clip, reencode, thumbnail
from orrery.media.errors import RenderCancelled, RenderFailed, RenderLimit
from orrery.media.jobs import run_blocking
from orrery.media.probe import MediaLimits, inspect_file
from orrery.media.render import Scene, VideoSpec, decode_audio, slideshow
from orrery.media.subtitles import to_srt

SMALL = VideoSpec(width=320, height=180, fps=12)


def never(_: float) -> None:
    return None


def scenes(folder: Path, count: int = 2) -> list[Scene]:
    made = []
    for i in range(count):
        (folder / f"i{i}.png").write_bytes(demo.title_card(f"Scene {i}", 320, 180))
        (folder / f"a{i}.wav").write_bytes(demo.voice(f"This is scene {i}."))
        made.append(Scene(folder / f"i{i}.png", folder / f"a{i}.wav", caption=f"Caption {i}"))
    return made


def test_a_slideshow_lasts_its_narration_and_carries_its_captions(tmp_path: Path) -> None:
    # Given two scenes with narration and captions
    made = scenes(tmp_path)
    voice = sum(len(decode_audio(s.audio)) for s in made if s.audio) / 48_000

    # When they are rendered
    rendered = slideshow(made, tmp_path / "out.mp4", SMALL, threading.Event(), never)

    # Then the MP4 lasts the narration plus the pads, at the asked size, with H.264 and AAC
    info = inspect_file(rendered.path, "video/mp4", MediaLimits())
    assert (info.width, info.height) == (320, 180)
    assert rendered.duration_s == pytest.approx(voice + 2 * SMALL.pad_s, abs=0.2)
    import av

    with av.open(str(rendered.path)) as container:
        assert container.streams.video[0].codec_context.name == "h264"
        assert container.streams.audio[0].codec_context.name == "aac"
    # and one subtitle cue per scene, back to back
    srt = to_srt(rendered.cues)
    assert srt.count(" --> ") == 2
    assert "Caption 1" in srt
    assert rendered.cues[1].start_s == rendered.cues[0].end_s


def test_the_caption_is_burned_into_the_frames(tmp_path: Path) -> None:
    # Given a plain black image, captioned and not
    Image.new("RGB", (320, 180)).save(tmp_path / "black.png")
    plain = Scene(tmp_path / "black.png", duration_s=0.5)
    captioned = Scene(tmp_path / "black.png", duration_s=0.5, caption="Hello subtitles")

    # When each is rendered and its first frame taken
    for name, scene in (("plain", plain), ("captioned", captioned)):
        slideshow([scene], tmp_path / f"{name}.mp4", SMALL, threading.Event(), never)
        thumbnail(tmp_path / f"{name}.mp4", tmp_path / f"{name}.png", 0.0, width=320)

    # Then only the captioned one has bright pixels, in its bottom band
    def bright(name: str) -> np.ndarray:
        return np.asarray(Image.open(tmp_path / f"{name}.png").convert("L")) > 128

    assert not bright("plain").any()
    rows = np.nonzero(bright("captioned").any(axis=1))[0]
    assert rows.size > 0
    assert rows.min() > 180 * 0.7


def test_background_audio_ducks_under_the_narration(tmp_path: Path) -> None:
    # Given a scene whose narration is one second of silence, a scene with none, over a tone
    (tmp_path / "i.png").write_bytes(demo.title_card("x", 320, 180))
    (tmp_path / "quiet.wav").write_bytes(demo.encode_wav(np.zeros(22_050, np.float32)))
    tone = (0.5 * np.sin(2 * np.pi * 220 * np.arange(48_000) / 48_000)).astype(np.float32)
    (tmp_path / "bed.wav").write_bytes(demo.encode_wav(tone))
    spoken = Scene(tmp_path / "i.png", tmp_path / "quiet.wav")
    open_scene = Scene(tmp_path / "i.png", duration_s=2.0)
    spec = VideoSpec(width=320, height=180, fps=12, background=tmp_path / "bed.wav", pad_s=0.0)

    # When they are rendered
    rendered = slideshow([spoken, open_scene], tmp_path / "out.mp4", spec, threading.Event(), never)

    # Then the background is several times quieter under the narration than where nobody speaks
    mixed = decode_audio(rendered.path)
    split = round(rendered.cues[0].end_s * 48_000)
    under = float(np.sqrt(np.mean(mixed[4800 : split - 4800] ** 2)))
    alone = float(np.sqrt(np.mean(mixed[split + 4800 : split + 48_000] ** 2)))
    assert alone > 3 * under > 0


def test_clips_are_concatenated_and_trimmed(tmp_path: Path) -> None:
    # Given a rendered clip
    first = slideshow(scenes(tmp_path), tmp_path / "a.mp4", SMALL, threading.Event(), never)

    # When its first second and its whole are joined, at another size
    spec = VideoSpec(width=160, height=90, fps=12)
    joined = reencode(
        [Clip(first.path, 0.0, 1.0), Clip(first.path)], tmp_path / "b.mp4", spec, threading.Event(), never
    )

    # Then the result lasts one second more than the clip, at the new size
    info = inspect_file(joined.path, "video/mp4", MediaLimits())
    assert (info.width, info.height) == (160, 90)
    assert joined.duration_s == pytest.approx(first.duration_s + 1.0, abs=0.2)


def test_a_malformed_input_fails_with_ffmpegs_reason(tmp_path: Path) -> None:
    # Given "narration" that is not audio at all, and an image that is not an image
    (tmp_path / "bad.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunkjunkjunk")
    (tmp_path / "bad.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    (tmp_path / "ok.png").write_bytes(demo.title_card("ok", 320, 180))

    # When each is rendered
    # Then the render fails saying which file and why, and leaves no output
    with pytest.raises(RenderFailed, match=r"bad\.wav"):
        slideshow(
            [Scene(tmp_path / "ok.png", tmp_path / "bad.wav")],
            tmp_path / "o.mp4",
            SMALL,
            threading.Event(),
            never,
        )
    with pytest.raises(RenderFailed, match=r"bad\.png"):
        slideshow(
            [Scene(tmp_path / "bad.png", duration_s=1)], tmp_path / "o.mp4", SMALL, threading.Event(), never
        )
    assert not (tmp_path / "o.mp4").exists()


def test_output_limits_are_refused_before_encoding(tmp_path: Path) -> None:
    (tmp_path / "i.png").write_bytes(demo.title_card("x", 320, 180))
    scene = Scene(tmp_path / "i.png", duration_s=30)
    # When a video would be too long, or too large a frame
    with pytest.raises(RenderLimit, match="over the limit of 10 s"):
        slideshow(
            [scene], tmp_path / "o.mp4", VideoSpec(320, 180, max_duration_s=10), threading.Event(), never
        )
    with pytest.raises(RenderLimit, match="resolution limit"):
        slideshow([scene], tmp_path / "o.mp4", VideoSpec(3840, 2160), threading.Event(), never)
    # Then nothing was written
    assert not (tmp_path / "o.mp4").exists()


async def test_a_cancelled_render_stops_before_it_finishes_and_leaves_nothing(tmp_path: Path) -> None:
    # Given a long render (10 minutes of video) running off the loop, reporting progress
    (tmp_path / "i.png").write_bytes(demo.title_card("long", 320, 180))
    long = [Scene(tmp_path / "i.png", duration_s=600)]
    seen: list[int] = []
    started = asyncio.Event()

    async def on_progress(percent: int, eta: float | None) -> None:
        seen.append(percent)
        started.set()

    out = tmp_path / "long.mp4"
    task = asyncio.create_task(
        run_blocking(
            lambda cancel, progress: slideshow(long, out, SMALL, cancel, progress), on_progress, interval_s=0
        )
    )
    await started.wait()

    # When its step is cancelled
    task.cancel()

    # Then the render stopped (the thread ended) well before the end, and removed its file
    with pytest.raises(asyncio.CancelledError):
        await task
    assert max(seen) < 50
    assert not out.exists()


def test_the_render_thread_raises_cancelled_when_flagged(tmp_path: Path) -> None:
    (tmp_path / "i.png").write_bytes(demo.title_card("x", 320, 180))
    flag = threading.Event()
    flag.set()
    with pytest.raises(RenderCancelled):
        slideshow([Scene(tmp_path / "i.png", duration_s=5)], tmp_path / "o.mp4", SMALL, flag, never)


def test_ken_burns_moves_across_the_image_and_a_still_does_not(tmp_path: Path) -> None:
    # Given a scene with detail across its width
    gradient = np.tile(np.linspace(0, 255, 320, dtype=np.uint8), (180, 1))
    Image.fromarray(np.stack([gradient] * 3, axis=-1)).save(tmp_path / "g.png")
    scene = Scene(tmp_path / "g.png", duration_s=2.0)

    # When it is rendered still and with Ken Burns, and its first and last frames compared
    def change(spec: VideoSpec, name: str) -> float:
        rendered = slideshow([scene], tmp_path / f"{name}.mp4", spec, threading.Event(), never)
        thumbnail(rendered.path, tmp_path / f"{name}-first.png", 0.0, width=320)
        thumbnail(rendered.path, tmp_path / f"{name}-last.png", 1.9, width=320)
        first = np.asarray(Image.open(tmp_path / f"{name}-first.png").convert("L"), dtype=np.float32)
        last = np.asarray(Image.open(tmp_path / f"{name}-last.png").convert("L"), dtype=np.float32)
        return float(np.mean(np.abs(first - last)))

    # Then only the Ken Burns frames differ
    assert change(SMALL, "still") < 1.0
    assert change(VideoSpec(width=320, height=180, fps=12, ken_burns=True), "moving") > 3.0
