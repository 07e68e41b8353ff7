"""What the validator reports: one `Problem` per finding, each with a stable code."""

from __future__ import annotations

from typing import Literal

import msgspec

ProblemCode = Literal[
    "invalid_document",
    "invalid_input",
    "too_many_nodes",
    "too_many_edges",
    "duplicate_node_id",
    "duplicate_edge_id",
    "dangling_edge",
    "self_loop",
    "duplicate_edge",
    "cycle",
    "unknown_node_type",
    "invalid_config",
    "invalid_template",
    "template_too_complex",
    "unknown_reference",
    "unknown_handle",
    "router_handle_unconnected",
    "missing_input_node",
    "missing_output_node",
    "parent_not_container",
    "container_cycle",
    "nested_too_deep",
    "empty_body",
    "edge_crosses_container",
    "not_allowed_in_body",
    "error_handle_not_allowed",
    "subworkflow_not_found",
    "subworkflow_version_not_found",
    "subworkflow_cycle",
    "unknown_secret",
    "over_operator_limit",
]
"""Stable codes: clients may switch on them. Add new ones; never rename or reuse one."""


class Problem(msgspec.Struct, frozen=True, omit_defaults=True):
    """One thing wrong with a workflow document.

    `path` is relative to what the problem is about: the node's object when `node_id`
    is set (e.g. `config.routes[0].name`), the edge's when `edge_id` is set, else the
    document's (e.g. `inputs.topic.type`, `nodes[3].id`).
    """

    code: ProblemCode
    message: str
    node_id: str | None = None
    edge_id: str | None = None
    path: str | None = None
