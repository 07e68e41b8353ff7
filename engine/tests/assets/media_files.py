"""Small real media made in the test: a PNG, a WAV, a PNG whose header claims a huge size."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

from orrery.media import demo


def png(width: int = 64, height: int = 48, color: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()


def wav(text: str = "Hello there.") -> bytes:
    return demo.voice(text)


def bomb_png(width: int = 8_000, height: int = 8_000) -> bytes:
    """A PNG of a few bytes whose header says `width` x `height`: 64 M pixels, over our 40 M limit and
    under Pillow's own bomb threshold (89 M), so only our check stands in its way."""
    real = png(8, 8)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    patched = struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    return real[:8] + patched + real[8 + 25 :]
