"""The offline demo voice reads the narration aloud with espeak-ng (which `make dev` and
`make test` install from Debian), and babbles for as long when it is not installed: a
video made with no keys has words in it where the machine allows."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from orrery.media import demo

LINE = "Blue light scatters the most, so the sky looks blue."


def test_the_demo_voice_reads_the_text_aloud_with_espeak_ng() -> None:
    # Given a machine set up by `make` (espeak-ng installed)
    assert shutil.which("espeak-ng"), "espeak-ng is missing: `make test` installs it with apt"

    # When the demo voice reads a line
    samples, voice = demo.read_aloud(LINE)

    # Then espeak-ng read it: words, not the babble, about as long as saying it takes
    assert voice == "espeak-ng"
    assert not np.array_equal(samples, demo.babble_samples(LINE))
    seconds = len(samples) / demo.VOICE_RATE
    assert 1.5 < seconds < 8, seconds
    assert float(np.max(np.abs(samples))) > 0.05
    # and the WAV keeps its script for the demo transcriber
    assert demo.demo_transcript(demo.encode_wav(samples, LINE)) == LINE


def test_without_espeak_ng_the_demo_voice_babbles_as_long(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Given a machine without espeak-ng (nothing on the PATH)
    monkeypatch.setenv("PATH", str(tmp_path))

    # When the demo voice reads a line
    samples, voice = demo.read_aloud(LINE)

    # Then it babbles, and says so
    assert voice == "babble"
    assert np.array_equal(samples, demo.babble_samples(LINE))
