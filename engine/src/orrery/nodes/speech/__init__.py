"""`speech`: text to speech (the offline demo voice: a formant babble synthesizer)."""

from __future__ import annotations

from orrery.nodes.speech.node import SpeechConfig, SpeechNode

__all__ = ["SpeechConfig", "SpeechNode"]
