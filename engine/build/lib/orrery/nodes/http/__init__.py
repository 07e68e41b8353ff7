"""`http`: one HTTP request to the public internet (SSRF-guarded), with templates."""

from __future__ import annotations

from orrery.nodes.http.node import HttpConfig, HttpNode

__all__ = ["HttpConfig", "HttpNode"]
