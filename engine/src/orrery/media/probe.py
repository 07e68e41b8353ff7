"""What a file is, decided by its bytes (never by its name or the client's claim), and its
dimensions or duration, checked against limits before anything is decoded.

`sniff(head)` reads magic numbers; `inspect_file(path, mime, limits)` opens the file with
Pillow (images: the header gives the size without decoding pixels, so a 100,000 x 100,000
PNG of a few kilobytes is refused before it could take gigabytes) or FFmpeg (audio and
video: streams, frame size, duration). A file FFmpeg cannot read is refused with its reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from orrery.media.errors import MediaRejected

ACCEPTED = (
    "image/png, image/jpeg, image/gif, image/webp, audio/wav, audio/mpeg, audio/ogg, audio/flac, "
    "audio/mp4, video/mp4, video/webm, application/pdf, application/json, text/plain, text/vtt"
)


@dataclass(frozen=True, slots=True)
class MediaLimits:
    max_image_pixels: int = 40_000_000
    max_video_pixels: int = 1920 * 1080
    max_duration_s: float = 600.0


@dataclass(frozen=True, slots=True)
class MediaInfo:
    mime: str
    width: int | None = None
    height: int | None = None
    duration_s: float | None = None


def sniff(head: bytes) -> str | None:
    """The MIME type the first bytes of a file say it has; None: not one we accept."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "audio/mpeg"
    if head.startswith(b"OggS"):
        return "audio/ogg"
    if head.startswith(b"fLaC"):
        return "audio/flac"
    if head[4:8] == b"ftyp":
        return "audio/mp4" if head[8:11] == b"M4A" else "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return _text_type(head)


def _text_type(head: bytes) -> str | None:
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sniffed head is still text.
        if exc.start < len(head) - 3:
            return None
        text = head[: exc.start].decode("utf-8")
    if text.lstrip("\ufeff").startswith("WEBVTT"):
        return "text/vtt"
    stripped = text.strip()
    if stripped[:1] in ("{", "["):
        try:
            json.loads(stripped)
        except ValueError:
            return "text/plain"
        return "application/json"
    return "text/plain"


def kind_of(mime: str) -> str:
    """`image`, `audio`, `video`, `text` or `other`: what the inspector shows it with."""
    major = mime.split("/", 1)[0]
    if major in ("image", "audio", "video", "text"):
        return major
    return "text" if mime == "application/json" else "other"


def inspect_file(path: Path, mime: str, limits: MediaLimits) -> MediaInfo:
    """The file's dimensions / duration, within `limits`; raises `MediaRejected` otherwise."""
    kind = kind_of(mime)
    if kind == "image":
        return _image(path, mime, limits)
    if kind in ("audio", "video"):
        return _av(path, mime, limits)
    return MediaInfo(mime=mime)


def _image(path: Path, mime: str, limits: MediaLimits) -> MediaInfo:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:  # reads the header only
            width, height = image.size
            if width * height > limits.max_image_pixels:
                raise MediaRejected(
                    f"The image is {width}x{height} pixels: over the limit of "
                    f"{limits.max_image_pixels:,} pixels (a decompression bomb?)."
                )
            image.verify()
    except MediaRejected:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise MediaRejected(f"The image cannot be read: {exc}") from None
    except Image.DecompressionBombError as exc:  # pragma: no cover - our limit is lower
        raise MediaRejected(f"The image is refused: {exc}") from None
    return MediaInfo(mime=mime, width=width, height=height)


def _av(path: Path, mime: str, limits: MediaLimits) -> MediaInfo:
    import av

    try:
        with av.open(str(path)) as container:
            duration = container.duration / 1_000_000 if container.duration else None
            width = height = None
            for stream in container.streams.video:
                width, height = stream.codec_context.width, stream.codec_context.height
            if not container.streams.audio and not container.streams.video:
                raise MediaRejected("The file has no audio or video stream.")
    except MediaRejected:
        raise
    except (av.FFmpegError, OSError, ValueError) as exc:
        raise MediaRejected(f"FFmpeg cannot read the file: {exc}") from None
    if width and height and width * height > limits.max_video_pixels:
        raise MediaRejected(
            f"The video is {width}x{height}: over the limit of {limits.max_video_pixels:,} pixels a frame."
        )
    if duration is not None and duration > limits.max_duration_s:
        raise MediaRejected(
            f"The media lasts {duration:.1f} s: over the limit of {limits.max_duration_s:g} s."
        )
    return MediaInfo(mime=mime, width=width or None, height=height or None, duration_s=duration)
