"""Editing videos with PyAV: a thumbnail from a video; re-encoding clips one after the other
(concatenate, trim, transcode) as web-playable H.264/AAC MP4 at one size and rate.

Blocking, like `render`: run with `jobs.run_blocking`; `cancel` is checked before each frame.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np

from orrery.media.errors import RenderCancelled, RenderFailed, RenderLimit
from orrery.media.render import RATE, Progress, Rendered, VideoSpec, check_spec, decode_audio, encode_audio


def thumbnail(video: Path, out: Path, at_s: float = 0.0, width: int = 640) -> Path:
    """A PNG of the frame at `at_s` (or the first one after it), `width` pixels wide."""
    import av

    try:
        with av.open(str(video)) as container:
            if not container.streams.video:
                raise RenderFailed(f"`{video.name}` has no video stream.")
            stream = container.streams.video[0]
            if at_s > 0 and stream.time_base:
                container.seek(int(at_s / stream.time_base), stream=stream)
            for frame in container.decode(video=0):
                if frame.time is None or frame.time >= at_s - 0.05:
                    image = frame.to_image()  # type: ignore[no-untyped-call]
                    break
            else:
                raise RenderFailed(f"`{video.name}` has no frame at {at_s} s.")
    except av.FFmpegError as exc:
        raise RenderFailed(f"FFmpeg cannot read the video `{video.name}`: {exc}") from None
    height = max(2, round(image.height * width / image.width))
    image.resize((width, height)).save(out, format="PNG")
    return out


@dataclass(frozen=True, slots=True)
class Clip:
    path: Path
    start_s: float = 0.0
    end_s: float | None = None
    """None: to its end (a trim otherwise)."""


def reencode(
    clips: Sequence[Clip], out: Path, spec: VideoSpec, cancel: threading.Event, progress: Progress
) -> Rendered:
    """The clips one after the other (each trimmed to [start, end)), scaled to the spec's size,
    as H.264/AAC MP4: concatenate, trim, or (one clip) transcode."""
    import av

    if not clips:
        raise RenderFailed("There are no clips to join.")
    check_spec(spec)
    planned = 0.0
    for clip in clips:
        planned += _clip_length(clip)
    if planned > spec.max_duration_s:
        raise RenderLimit(
            f"The video would last {planned:.0f} s: over the limit of {spec.max_duration_s:g} s."
        )
    done_frames = 0
    audio_pts = 0
    try:
        with av.open(str(out), "w", format="mp4", options={"movflags": "+faststart"}) as container:
            video = container.add_stream("libx264", rate=spec.fps)
            video.width, video.height, video.pix_fmt = spec.width, spec.height, "yuv420p"
            video.options = {"crf": str(spec.crf), "preset": "veryfast"}
            sound = container.add_stream("aac", rate=RATE)
            sound.layout = "mono"
            for clip in clips:
                length = _clip_length(clip)
                frames = _clip_frames(clip, spec)
                count = max(1, round(length * spec.fps))
                last = None
                for i in range(count):
                    if cancel.is_set():
                        raise RenderCancelled("The render was cancelled.")
                    last = next(frames, last)
                    if last is None:
                        break
                    last.pts = done_frames
                    last.time_base = Fraction(1, spec.fps)
                    container.mux(video.encode(last))
                    done_frames += 1
                    progress(min(0.98, done_frames / (planned * spec.fps)))
                    del i
                samples = _clip_audio(clip, count / spec.fps)
                audio_pts = encode_audio(container, sound, samples, audio_pts)
            container.mux(video.encode(None))
            container.mux(sound.encode(None))
    except (RenderCancelled, RenderFailed):
        out.unlink(missing_ok=True)
        raise
    except av.FFmpegError as exc:
        out.unlink(missing_ok=True)
        raise RenderFailed(f"FFmpeg failed: {exc}") from None
    size = out.stat().st_size
    if size > spec.max_bytes:
        out.unlink(missing_ok=True)
        raise RenderLimit(f"The video is {size:,} bytes: over the limit of {spec.max_bytes:,} bytes.")
    progress(1.0)
    return Rendered(out, done_frames / spec.fps, spec.width, spec.height, size)


def _clip_length(clip: Clip) -> float:
    import av

    try:
        with av.open(str(clip.path)) as container:
            duration = container.duration / 1_000_000 if container.duration else 0.0
    except av.FFmpegError as exc:
        raise RenderFailed(f"FFmpeg cannot read `{clip.path.name}`: {exc}") from None
    end = duration if clip.end_s is None else min(clip.end_s, duration)
    return max(0.0, end - clip.start_s)


def _clip_frames(clip: Clip, spec: VideoSpec):  # type: ignore[no-untyped-def]
    """The clip's frames from `start_s`, resampled to the spec's rate and size (a frame is
    repeated or dropped to keep time)."""
    import av

    container = av.open(str(clip.path))
    try:
        if not container.streams.video:
            raise RenderFailed(f"`{clip.path.name}` has no video stream.")
        wanted = clip.start_s
        step = 1 / spec.fps
        previous = None
        for frame in container.decode(video=0):
            time = frame.time or 0.0
            while previous is not None and wanted < time:
                yield previous
                wanted += step
            previous = frame.reformat(width=spec.width, height=spec.height, format="yuv420p")
            if clip.end_s is not None and time >= clip.end_s:
                break
        while previous is not None:
            yield previous
    except av.FFmpegError as exc:
        raise RenderFailed(f"FFmpeg cannot decode `{clip.path.name}`: {exc}") from None
    finally:
        container.close()


def _clip_audio(clip: Clip, length_s: float) -> np.ndarray:
    """The clip's audio from `start_s`, `length_s` long (silence where it has none)."""
    import av

    length = round(length_s * RATE)
    with av.open(str(clip.path)) as container:
        has_audio = bool(container.streams.audio)
    samples = decode_audio(clip.path) if has_audio else np.zeros(0, np.float32)
    start = round(clip.start_s * RATE)
    piece = samples[start : start + length]
    if len(piece) < length:
        piece = np.concatenate([piece, np.zeros(length - len(piece), np.float32)])
    return piece
