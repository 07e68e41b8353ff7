"""Subtitles: SRT and WebVTT text built from timed segments, and captions burned into frames.

Burning uses Pillow (text drawn on each scene's image before it is encoded) rather than
FFmpeg's `subtitles` filter, which needs libass and a font configuration the wheel does not
promise; the same cues are also written as a WebVTT track the browser can show.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont


@dataclass(frozen=True, slots=True)
class Cue:
    start_s: float
    end_s: float
    text: str


def _stamp(seconds: float, separator: str) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def to_srt(cues: list[Cue]) -> str:
    blocks = [
        f"{i}\n{_stamp(c.start_s, ',')} --> {_stamp(c.end_s, ',')}\n{c.text}\n"
        for i, c in enumerate((c for c in cues if c.text.strip()), start=1)
    ]
    return "\n".join(blocks)


def to_vtt(cues: list[Cue]) -> str:
    blocks = [
        f"{_stamp(c.start_s, '.')} --> {_stamp(c.end_s, '.')}\n{c.text}\n" for c in cues if c.text.strip()
    ]
    return "WEBVTT\n\n" + "\n".join(blocks)


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's bundled scalable font (no system fonts needed)."""
    return ImageFont.load_default(size=size)


def burn(image: Image.Image, text: str) -> Image.Image:
    """`image` with `text` as a caption on a dark band at the bottom."""
    overlay = caption_overlay(image.size, text)
    if overlay is None:
        return image
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")


def caption_overlay(size: tuple[int, int], text: str) -> Image.Image | None:
    """The caption band as a transparent RGBA layer of `size` (None for no text): drawn once
    per scene, pasted on each of its frames."""
    if not text.strip():
        return None
    width, height = size
    points = max(14, height // 22)
    face = font(points)
    chars = max(10, int(width / (points * 0.55)))
    lines = textwrap.wrap(" ".join(text.split()), chars)[:3]
    line_height = int(points * 1.3)
    band = line_height * len(lines) + points
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    draw.rectangle((0, height - band, width, height), fill=(0, 0, 0, 160))
    y = height - band + points // 2
    for line in lines:
        left, _, right, _ = draw.textbbox((0, 0), line, font=face)
        draw.text(((width - (right - left)) // 2, y), line, font=face, fill=(255, 255, 255, 255))
        y += line_height
    return overlay
