"""`image`: make an image from a prompt (the offline demo generator: a Pillow title card)."""

from __future__ import annotations

from orrery.nodes.image.node import ImageConfig, ImageNode

__all__ = ["ImageConfig", "ImageNode"]
