"""The offline demo generators, so that `make dev` with no provider keys makes real media:
- `title_card(prompt)`: a PNG title card drawn with Pillow (a gradient picked from the
  prompt's hash, the prompt as the title, a "demo" label);
- `voice(text)`: a WAV of the text read aloud by espeak-ng (a small offline speech
  synthesizer from Debian, which `make dev` installs like Chromium: robotic, but words),
  or, where it is not installed, a voice-like babble: one voiced syllable per ~3 letters
  with a falling pitch per sentence, made by a small additive formant synthesizer (numpy),
  not speech. Either way the node labels it demo; it lasts about as long as reading the
  text aloud would, so subtitles and pacing look right.
The demo voice keeps its text in the WAV (a `LIST/INFO/ICMT` chunk): `demo_transcript` is the
demo transcriber, which knows the script of audio it made and nothing else.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import struct
import subprocess
import textwrap
import wave
from typing import Final

import numpy as np
from PIL import Image, ImageDraw

from orrery.media.subtitles import font

VOICE_RATE = 22_050
SYLLABLE_S = 0.16
WORD_GAP_S = 0.06
SENTENCE_GAP_S = 0.3
_VOWELS = {  # first two formants (Hz) of a few vowels
    "a": (730, 1090),
    "e": (530, 1840),
    "i": (270, 2290),
    "o": (570, 840),
    "u": (300, 870),
}


def _palette(seed: bytes) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    digest = hashlib.sha256(seed).digest()
    top = (40 + digest[0] % 80, 40 + digest[1] % 80, 90 + digest[2] % 120)
    bottom = (10 + digest[3] % 40, 10 + digest[4] % 40, 30 + digest[5] % 60)
    return top, bottom


def title_card(prompt: str, width: int = 1280, height: int = 720) -> bytes:
    """A PNG title card for `prompt`."""
    top, bottom = _palette(prompt.encode())
    ramp = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None, None]
    pixels = (np.array(top, np.float32) * (1 - ramp) + np.array(bottom, np.float32) * ramp).astype(np.uint8)
    image = Image.fromarray(np.repeat(pixels, width, axis=1), "RGB")
    draw = ImageDraw.Draw(image)
    size = max(16, height // 12)
    face = font(size)
    text = " ".join(prompt.split()) or "Untitled"
    lines = textwrap.wrap(text, max(8, int(width / (size * 0.55))))[:5]
    y = (height - len(lines) * int(size * 1.25)) // 2
    for line in lines:
        left, _, right, _ = draw.textbbox((0, 0), line, font=face)
        draw.text(((width - (right - left)) // 2, y), line, font=face, fill=(255, 255, 255))
        y += int(size * 1.25)
    small = font(max(12, height // 36))
    draw.text((24, height - height // 18), "demo image", font=small, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _syllable(vowel: str, pitch: float, length: int) -> np.ndarray:
    t = np.arange(length, dtype=np.float32) / VOICE_RATE
    f1, f2 = _VOWELS.get(vowel, _VOWELS["a"])
    wave_ = np.zeros(length, np.float32)
    for harmonic in range(1, 30):
        freq = pitch * harmonic
        if freq > VOICE_RATE / 2.2:
            break
        weight = (
            np.exp(-(((freq - f1) / 120) ** 2)) + 0.6 * np.exp(-(((freq - f2) / 160) ** 2)) + 0.05 / harmonic
        )
        wave_ += np.float32(weight) * np.sin(2 * np.pi * freq * t, dtype=np.float32)
    envelope = np.minimum(1.0, np.minimum(t / 0.02, (t[-1] - t + 1e-3) / 0.04)).astype(np.float32)
    result: np.ndarray = wave_ * envelope
    return result


ESPEAK_TIMEOUT_S: Final = 60.0


def voice_engine() -> str:
    """Which demo voice this machine has: `espeak-ng` when installed, else `babble`."""
    return "espeak-ng" if shutil.which("espeak-ng") else "babble"


def read_aloud(text: str) -> tuple[np.ndarray, str]:
    """The demo voice reading `text`, as float samples at `VOICE_RATE`, and which voice it was
    (`espeak-ng` when it is installed and works, else `babble`)."""
    spoken = espeak_samples(text) if voice_engine() == "espeak-ng" else None
    return (spoken, "espeak-ng") if spoken is not None else (babble_samples(text), "babble")


def espeak_samples(text: str) -> np.ndarray | None:
    """espeak-ng reading `text` (given on stdin, read as plain text: no SSML, no options);
    None when it fails, so the caller babbles instead."""
    try:
        done = subprocess.run(
            ["espeak-ng", "--stdout", "--stdin", "-v", "en-us", "-s", "165"],
            input=text.encode(),
            capture_output=True,
            timeout=ESPEAK_TIMEOUT_S,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    pcm = _wav_pcm(done.stdout)
    if pcm is None or not len(pcm):
        return None
    return (pcm.astype(np.float32) / 32768.0).astype(np.float32)


def _wav_pcm(data: bytes) -> np.ndarray | None:
    """The 16-bit mono samples of espeak-ng's streamed WAV (its sizes say "unknown": the data
    runs to the end), if it is at `VOICE_RATE`."""
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return None
    at = 12
    while at + 8 <= len(data):
        kind, size = data[at : at + 4], struct.unpack("<I", data[at + 4 : at + 8])[0]
        if kind == b"fmt ":
            channels, rate, _, _, bits = struct.unpack("<HIIHH", data[at + 10 : at + 24])
            if (channels, rate, bits) != (1, VOICE_RATE, 16):
                return None
        if kind == b"data":
            body = data[at + 8 :]
            return np.frombuffer(body[: len(body) // 2 * 2], dtype="<i2")
        at += 8 + size + (size % 2)
    return None


def babble_samples(text: str) -> np.ndarray:
    pieces: list[np.ndarray] = []
    for sentence in [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]:
        words = re.findall(r"[\w']+", sentence)
        syllables = sum(max(1, round(len(w) / 3)) for w in words) or 1
        at = 0
        for word in words:
            vowels = [c for c in word.lower() if c in _VOWELS] or ["a"]
            for k in range(max(1, round(len(word) / 3))):
                pitch = 150.0 - 40.0 * at / syllables
                pieces.append(_syllable(vowels[k % len(vowels)], pitch, int(SYLLABLE_S * VOICE_RATE)))
                at += 1
            pieces.append(np.zeros(int(WORD_GAP_S * VOICE_RATE), np.float32))
        pieces.append(np.zeros(int(SENTENCE_GAP_S * VOICE_RATE), np.float32))
    if not pieces:
        pieces.append(np.zeros(int(0.5 * VOICE_RATE), np.float32))
    samples = np.concatenate(pieces)
    peak = float(np.max(np.abs(samples))) or 1.0
    return (samples / peak * 0.6).astype(np.float32)


def voice(text: str) -> bytes:
    """A mono 16-bit WAV of the demo voice reading `text` (the text kept in the file, for
    the demo transcriber)."""
    return encode_wav(read_aloud(text)[0], transcript=text)


SCRIPT_TAG: Final = b"orrery-demo-voice:"


def _riff_chunk(kind: bytes, data: bytes) -> bytes:
    return kind + struct.pack("<I", len(data)) + data + (b"\0" if len(data) % 2 else b"")


def demo_transcript(data: bytes) -> str | None:
    """The text a demo-voice WAV was made from (its `LIST/INFO/ICMT` chunk); None for any other audio."""
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return None
    at = 12
    while at + 8 <= len(data):
        kind, size = data[at : at + 4], struct.unpack("<I", data[at + 4 : at + 8])[0]
        body = data[at + 8 : at + 8 + size]
        if kind == b"LIST" and body[:4] == b"INFO":
            inner = 4
            while inner + 8 <= len(body):
                sub, length = body[inner : inner + 4], struct.unpack("<I", body[inner + 4 : inner + 8])[0]
                value = body[inner + 8 : inner + 8 + length].rstrip(b"\0")
                if sub == b"ICMT" and value.startswith(SCRIPT_TAG):
                    return value[len(SCRIPT_TAG) :].decode("utf-8", errors="replace")
                inner += 8 + length + (length % 2)
        at += 8 + size + (size % 2)
    return None


def encode_wav(samples: np.ndarray, transcript: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(VOICE_RATE)
        out.writeframes((samples * 32767).astype("<i2").tobytes())
    data = buffer.getvalue()
    if transcript is None:
        return data
    info = _riff_chunk(b"LIST", b"INFO" + _riff_chunk(b"ICMT", SCRIPT_TAG + transcript.encode() + b"\0"))
    body = data[12:] + info
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WAVE" + body
