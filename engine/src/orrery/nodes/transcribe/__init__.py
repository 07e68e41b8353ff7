"""`transcribe`: speech to text (demo: knows the script of the demo voice's audio only)."""

from __future__ import annotations

from orrery.nodes.transcribe.node import TranscribeConfig, TranscribeNode

__all__ = ["TranscribeConfig", "TranscribeNode"]
