"""`clips`: edit videos: concatenate, trim, transcode to web-playable MP4, take a thumbnail."""

from __future__ import annotations

from orrery.nodes.clips.node import ClipsConfig, ClipsNode

__all__ = ["ClipsConfig", "ClipsNode"]
