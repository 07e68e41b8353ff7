"""Fresh ids on import: every node and edge id is new, and every reference follows."""

from __future__ import annotations

import re
from typing import Any

import msgspec

from orrery.nodes import default_registry
from orrery.spec import Workflow, decode_workflow, validate, workflow_to_builtins
from orrery.workflows.transfer import fresh_node_id, remap_ids
from tests.workflows.helpers import document, edge, node


def _remap(spec: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    doc, nodes, edges = remap_ids(decode_workflow(spec), default_registry())
    return workflow_to_builtins(doc), nodes, edges


def _router_spec() -> dict[str, Any]:
    condition = {
        "all": [
            {"left": "steps.research.output.score", "op": "gt", "right": 3},
            {"not": {"left": "steps['research'].output.flag", "op": "exists"}},
        ]
    }
    return document(
        [
            node("start", "input"),
            node(
                "research",
                "agent",
                prompt="Research {{ inputs.topic }}. Say steps.research in prose, and {{steps.start.output}}",
            ),
            node("route", "router", routes=[{"name": "good", "condition": condition}], default_route=None),
            node(
                "pack",
                mode="pick",
                pick={"facts": "steps.research.output", "first": "steps.research.output.items[0]"},
            ),
            node(
                "note",
                template="{% for x in steps.research.output.items %}"
                '{{ x }} from {{ steps["research"] }}{% endfor %}',
            ),
            node("end", "output", value="{{ steps.pack.output | tojson }}"),
        ],
        [
            edge("start", "research"),
            edge("research", "route"),
            edge("route", "pack", handle="good"),
            edge("research", "note"),
            edge("pack", "end"),
            edge("note", "end"),
        ],
        topic={"type": "string"},
    )


def test_every_id_is_new_and_every_reference_follows() -> None:
    # Given a valid document whose nodes read each other in every way a config can
    spec = _router_spec()
    assert validate(decode_workflow(spec), default_registry()) == []

    # When its ids are remapped
    remapped, nodes, edges = _remap(spec)

    # Then no old id is left, and the result is exactly as valid as the original
    assert set(nodes) == {n["id"] for n in spec["nodes"]}
    assert not set(nodes) & set(nodes.values())
    assert not set(edges) & set(edges.values())
    assert all(re.fullmatch(rf"{old}_[0-9a-f]{{6}}", new) for old, new in nodes.items())
    assert validate(decode_workflow(remapped), default_registry()) == []
    config = {n["id"]: n["config"] for n in remapped["nodes"]}
    research, start, pack = nodes["research"], nodes["start"], nodes["pack"]
    assert config[research]["prompt"] == (
        f"Research {{{{ inputs.topic }}}}. Say steps.research in prose, and {{{{steps.{start}.output}}}}"
    )
    route = config[nodes["route"]]["routes"][0]["condition"]["all"]
    assert route[0]["left"] == f"steps.{research}.output.score"
    assert route[1]["not"]["left"] == f"steps['{research}'].output.flag"
    assert config[pack]["pick"] == {
        "facts": f"steps.{research}.output",
        "first": f"steps.{research}.output.items[0]",
    }
    assert f"steps.{research}.output.items" in config[nodes["note"]]["template"]
    assert f'steps["{research}"]' in config[nodes["note"]]["template"]
    assert config[nodes["end"]]["value"] == f"{{{{ steps.{pack}.output | tojson }}}}"
    for old, new in zip(spec["edges"], remapped["edges"], strict=True):
        assert (new["source"], new["target"]) == (nodes[old["source"]], nodes[old["target"]])
        assert new["id"] == edges[old["id"]]


def test_mapping_the_ids_back_gives_the_original() -> None:
    # Given a remapped document
    spec = _router_spec()
    remapped, nodes, edges = _remap(spec)

    # When every new id is replaced by its old one
    text = msgspec.json.encode(remapped).decode()
    for old, new in [*nodes.items(), *edges.items()]:
        text = text.replace(new, old)

    # Then it is the original document
    assert msgspec.json.decode(text) == workflow_to_builtins(decode_workflow(spec))


def test_a_node_the_catalog_cannot_inspect_has_its_template_parts_rewritten_only() -> None:
    # Given a node of an unknown type whose config mentions another node
    spec = document(
        [
            node("a", template="x"),
            node("b", "mystery", text="{{ steps.a.output }} but not steps.a here", path="steps.a.output"),
        ],
        [edge("a", "b")],
    )

    # When remapped, then only what is inside {{ }} changed (a bare string cannot be known to be a reference)
    remapped, nodes, _ = _remap(spec)
    config = remapped["nodes"][1]["config"]
    assert config == {
        "text": f"{{{{ steps.{nodes['a']}.output }}}} but not steps.a here",
        "path": "steps.a.output",
    }


def test_references_to_unknown_nodes_and_duplicate_ids_survive_as_they_were() -> None:
    spec = document(
        [node("a", template="{{ steps.ghost.output }}"), node("a", template="{{ steps.a.output }}")], []
    )
    remapped, nodes, _ = _remap(spec)
    assert [n["id"] for n in remapped["nodes"]] == [nodes["a"], nodes["a"]]
    assert remapped["nodes"][0]["config"]["template"] == "{{ steps.ghost.output }}"
    assert remapped["nodes"][1]["config"]["template"] == f"{{{{ steps.{nodes['a']}.output }}}}"


def test_fresh_ids_replace_an_earlier_suffix_and_stay_identifiers() -> None:
    taken: set[str] = set()
    once = fresh_node_id("research", taken)
    twice = fresh_node_id(once, taken)
    assert re.fullmatch(r"research_[0-9a-f]{6}", twice)
    assert twice != once
    long = fresh_node_id("n" * 64, taken)
    assert len(long) <= 64
    assert msgspec.convert({"schema": "orrery.workflow/v1", "nodes": [{"id": long, "type": "x"}]}, Workflow)
