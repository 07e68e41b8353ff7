"""Rendering with PyAV: a slideshow of scenes (an image shown for a duration, its narration
under it, its caption burned in, optionally a Ken Burns zoom) mixed over background audio
that ducks under the narration, encoded as web-playable H.264/AAC MP4. Editing existing
videos (thumbnail, concatenate, trim, transcode) is in `edit`.

Every function is blocking and takes `cancel` (checked before each frame) and `progress`
(fraction done): run them with `jobs.run_blocking`. Limits on what is made (duration,
resolution, size) are checked before encoding where they can be, and on the file after.
A file FFmpeg cannot read fails with `RenderFailed` and FFmpeg's reason.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from orrery.media.errors import RenderCancelled, RenderFailed, RenderLimit
from orrery.media.subtitles import Cue, caption_overlay

RATE = 48_000
AUDIO_FRAME = 1024
Progress = Callable[[float], None]


@dataclass(frozen=True, slots=True)
class Scene:
    image: Path
    audio: Path | None = None
    duration_s: float | None = None
    """None: the narration's length plus `VideoSpec.pad_s` (or `default_duration_s` without)."""
    caption: str = ""


@dataclass(frozen=True, slots=True)
class VideoSpec:
    width: int = 1280
    height: int = 720
    fps: int = 24
    burn_subtitles: bool = True
    background: Path | None = None
    background_gain: float = 0.5
    """The background's level where nobody speaks."""
    ducked_gain: float = 0.12
    """The background's level under narration (ducking)."""
    pad_s: float = 0.4
    default_duration_s: float = 3.0
    max_duration_s: float = 600.0
    max_pixels: int = 1920 * 1080
    max_bytes: int = 100 * 1024 * 1024
    crf: int = 23
    ken_burns: bool = False
    """A slow zoom and pan across each scene's image (every frame is then drawn anew)."""


@dataclass(frozen=True, slots=True)
class Rendered:
    path: Path
    duration_s: float
    width: int
    height: int
    size: int
    cues: list[Cue] = field(default_factory=list)


def decode_audio(path: Path) -> np.ndarray:
    """The file's first audio stream as mono float32 samples at `RATE`."""
    import av

    chunks: list[np.ndarray] = []
    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise RenderFailed(f"`{path.name}` has no audio stream.")
            resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
            for frame in container.decode(audio=0):
                for out in resampler.resample(frame):
                    chunks.append(out.to_ndarray().reshape(-1))
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1))
    except av.FFmpegError as exc:
        raise RenderFailed(f"FFmpeg cannot read the audio `{path.name}`: {exc}") from None
    return np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0, np.float32)


def _frame_image(path: Path, width: int, height: int) -> Image.Image:
    try:
        with Image.open(path) as image:
            if image.width * image.height > 40_000_000:
                raise RenderFailed(f"The image `{path.name}` is too large to render.")
            return ImageOps.fit(image.convert("RGB"), (width, height), Image.Resampling.LANCZOS)
    except (UnidentifiedImageError, OSError) as exc:
        raise RenderFailed(f"The image `{path.name}` cannot be read: {exc}") from None


def check_spec(spec: VideoSpec) -> None:
    if spec.width % 2 or spec.height % 2 or spec.width < 16 or spec.height < 16:
        raise RenderLimit(f"{spec.width}x{spec.height}: width and height must be even and at least 16.")
    if spec.width * spec.height > spec.max_pixels:
        raise RenderLimit(
            f"{spec.width}x{spec.height} is over the resolution limit ({spec.max_pixels:,} pixels)."
        )


def slideshow(
    scenes: Sequence[Scene], out: Path, spec: VideoSpec, cancel: threading.Event, progress: Progress
) -> Rendered:
    """Render `scenes` to `out` (MP4, H.264 + AAC, faststart)."""
    import av

    if not scenes:
        raise RenderFailed("There are no scenes to render.")
    check_spec(spec)
    narration = [decode_audio(s.audio) if s.audio else None for s in scenes]
    durations = []
    for scene, voice in zip(scenes, narration, strict=True):
        if scene.duration_s is not None:
            durations.append(scene.duration_s)
        elif voice is not None:
            durations.append(len(voice) / RATE + spec.pad_s)
        else:
            durations.append(spec.default_duration_s)
    total = sum(durations)
    if total > spec.max_duration_s:
        raise RenderLimit(f"The video would last {total:.0f} s: over the limit of {spec.max_duration_s:g} s.")
    frames_per_scene = [max(1, round(d * spec.fps)) for d in durations]
    samples_per_scene = [round(n / spec.fps * RATE) for n in frames_per_scene]
    audio = _mix(narration, samples_per_scene, spec)

    cues: list[Cue] = []
    t = 0.0
    for scene, n in zip(scenes, frames_per_scene, strict=True):
        cues.append(Cue(t, t + n / spec.fps, scene.caption))
        t += n / spec.fps

    total_frames = sum(frames_per_scene)
    done = 0
    try:
        with av.open(str(out), "w", format="mp4", options={"movflags": "+faststart"}) as container:
            video = container.add_stream("libx264", rate=spec.fps)
            video.width, video.height, video.pix_fmt = spec.width, spec.height, "yuv420p"
            video.options = {"crf": str(spec.crf), "preset": "veryfast"}
            sound = container.add_stream("aac", rate=RATE)
            sound.layout = "mono"
            audio_pts = 0
            for index, (scene, n, samples, cue) in enumerate(
                zip(scenes, frames_per_scene, samples_per_scene, cues, strict=True)
            ):
                frames = _scene_frames(scene, n, spec, index)
                for frame in frames:
                    if cancel.is_set():
                        raise RenderCancelled("The render was cancelled.")
                    frame.pts = done
                    frame.time_base = Fraction(1, spec.fps)
                    container.mux(video.encode(frame))
                    done += 1
                    progress(done / total_frames * 0.98)
                start = round(cue.start_s * RATE)
                audio_pts = encode_audio(container, sound, audio[start : start + samples], audio_pts)
            container.mux(video.encode(None))
            container.mux(sound.encode(None))
    except (RenderCancelled, RenderFailed):
        out.unlink(missing_ok=True)
        raise
    except av.FFmpegError as exc:
        out.unlink(missing_ok=True)
        raise RenderFailed(f"FFmpeg failed to encode the video: {exc}") from None
    size = out.stat().st_size
    if size > spec.max_bytes:
        out.unlink(missing_ok=True)
        raise RenderLimit(f"The video is {size:,} bytes: over the limit of {spec.max_bytes:,} bytes.")
    progress(1.0)
    return Rendered(out, total_frames / spec.fps, spec.width, spec.height, size, cues)


ZOOM = 1.15


def _scene_frames(scene: Scene, count: int, spec: VideoSpec, index: int) -> Iterator[Any]:
    """The scene's `count` frames: one still (reused), or with Ken Burns a zoom from the
    whole image to its centre, panning one way on even scenes and the other on odd ones."""
    import av

    overlay = caption_overlay((spec.width, spec.height), scene.caption) if spec.burn_subtitles else None
    if not spec.ken_burns:
        image = _frame_image(scene.image, spec.width, spec.height)
        if overlay is not None:
            image.paste(overlay, (0, 0), overlay)
        still = av.VideoFrame.from_image(image).reformat(format="yuv420p")  # type: ignore[no-untyped-call]
        for _ in range(count):
            yield still
        return
    big_w, big_h = round(spec.width * ZOOM), round(spec.height * ZOOM)
    base = _frame_image(scene.image, big_w, big_h)
    direction = 1 if index % 2 == 0 else -1
    for k in range(count):
        t = k / max(1, count - 1)
        scale = ZOOM - (ZOOM - 1.0) * t
        w, h = spec.width * scale, spec.height * scale
        slack_x, slack_y = big_w - w, big_h - h
        x = slack_x * (0.5 + direction * 0.5 * (t - 0.5))
        y = slack_y / 2
        image = base.resize((spec.width, spec.height), Image.Resampling.BILINEAR, box=(x, y, x + w, y + h))
        if overlay is not None:
            image.paste(overlay, (0, 0), overlay)
        yield av.VideoFrame.from_image(image).reformat(format="yuv420p")  # type: ignore[no-untyped-call]


def _mix(narration: list[np.ndarray | None], lengths: list[int], spec: VideoSpec) -> np.ndarray:
    """Narration placed scene by scene, over the background (looped), ducked under speech."""
    total = sum(lengths)
    voice = np.zeros(total, np.float32)
    gain = np.full(total, spec.background_gain, np.float32)
    at = 0
    for samples, length in zip(narration, lengths, strict=True):
        if samples is not None and len(samples):
            piece = samples[:length]
            voice[at : at + len(piece)] = piece
            gain[at : at + len(piece)] = spec.ducked_gain
        at += length
    if spec.background is None:
        return voice
    background = decode_audio(spec.background)
    if not len(background):
        return voice
    repeats = -(-total // len(background))
    bed = np.tile(background, repeats)[:total]
    # Smooth the gain changes over 50 ms so the ducking does not click.
    kernel = np.ones(RATE // 20, np.float32) / (RATE // 20)
    gain = np.convolve(gain, kernel, mode="same").astype(np.float32)
    return np.clip(voice + bed * gain, -1.0, 1.0).astype(np.float32)


def encode_audio(container: object, stream: object, samples: np.ndarray, pts: int) -> int:
    import av

    for at in range(0, len(samples), AUDIO_FRAME):
        chunk = np.ascontiguousarray(samples[at : at + AUDIO_FRAME]).reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(chunk, format="flt", layout="mono")
        frame.sample_rate = RATE
        frame.pts = pts
        frame.time_base = Fraction(1, RATE)
        pts += chunk.shape[1]
        container.mux(stream.encode(frame))  # type: ignore[attr-defined]
    return pts
