"""`code`: run the user's JavaScript on upstream data in an isolated V8 sandbox (see `node.py`)."""

from __future__ import annotations

from orrery.nodes.code.node import CodeConfig, CodeNode

__all__ = ["CodeConfig", "CodeNode"]
