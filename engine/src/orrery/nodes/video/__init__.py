"""`video`: assemble scenes (image, narration, caption) into an MP4 with subtitles."""

from __future__ import annotations

from orrery.nodes.video.node import VideoConfig, VideoNode

__all__ = ["VideoConfig", "VideoNode"]
