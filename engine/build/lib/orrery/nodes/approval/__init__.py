"""`approval`: a person approves (or rejects) before the run goes on."""

from __future__ import annotations

from orrery.nodes.approval.node import ApprovalConfig, ApprovalNode, decide, on_timeout

__all__ = ["ApprovalConfig", "ApprovalNode", "decide", "on_timeout"]
