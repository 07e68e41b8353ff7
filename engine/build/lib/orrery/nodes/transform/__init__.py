"""`transform`: render a template (as text or JSON) or pick fields from upstream outputs."""

from __future__ import annotations

from orrery.nodes.transform.node import TransformConfig, TransformNode

__all__ = ["TransformConfig", "TransformNode"]
