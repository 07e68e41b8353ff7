"""What a map step fails with (a tree under `NodeError`, like every node's)."""

from __future__ import annotations

from orrery.nodes.errors import NodeError


class ItemsNotAList(NodeError):
    """The map's `items` did not give a JSON array."""

    code = "items_not_a_list"


class TooManyItems(NodeError):
    """The list is longer than the operator allows (`ORRERY_MAP_MAX_ITEMS`)."""

    code = "too_many_items"


class ItemFailed(NodeError):
    """An item's body failed and the map stops at the first failure (`on_item_failure: stop`)."""

    code = "item_failed"
