"""`router`: structured conditions over upstream values choose which outputs (routes) run."""

from __future__ import annotations

from orrery.nodes.router.conditions import Condition, Operator, holds
from orrery.nodes.router.node import Route, RouterConfig, RouterNode

__all__ = ["Condition", "Operator", "Route", "RouterConfig", "RouterNode", "holds"]
