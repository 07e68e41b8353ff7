"""`map`: a container that runs its body once per item of a list, a few at a time."""

from __future__ import annotations

from orrery.nodes.map.errors import ItemFailed, ItemsNotAList, TooManyItems
from orrery.nodes.map.node import MapConfig, MapNode

__all__ = ["ItemFailed", "ItemsNotAList", "MapConfig", "MapNode", "TooManyItems"]
