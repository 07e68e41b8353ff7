"""The node registry: one entry per type, a valid JSON Schema per config, defaults that validate."""

from __future__ import annotations

from typing import Any

import pytest

from orrery.nodes import (
    InvalidNodeConfig,
    StepPolicy,
    UnknownNodeType,
    default_registry,
    node_type_catalog,
)
from orrery.spec import Node
from tests.nodes.jsonschema_lite import check_schema, errors

SLUGS = [
    "input",
    "output",
    "agent",
    "http",
    "transform",
    "router",
    "approval",
    "memory_search",
    "memory_write",
    "code",
    "map",
    "loop",
    "subworkflow",
    "image",
    "speech",
    "video",
    "transcribe",
    "clips",
    "browser",
]


def _entry(slug: str) -> dict[str, Any]:
    return next(e for e in node_type_catalog() if e["type"] == slug)


def test_the_catalog_lists_every_node_type_once_with_its_ports() -> None:
    # When the catalog is read
    catalog = node_type_catalog()

    # Then each first-set type is there once, with what the palette needs
    assert sorted(e["type"] for e in catalog) == sorted(SLUGS)
    for entry in catalog:
        assert entry["version"] == 1
        assert entry["latest"] is True
        assert entry["label"]
        assert entry["description"]
        assert entry["category"] in {"Inputs & outputs", "AI", "Media", "Memory", "Logic", "Tools", "Human"}
        assert entry["icon"] in {
            "log-in",
            "log-out",
            "bot",
            "globe",
            "wand",
            "git-branch",
            "user-check",
            "memory-search",
            "memory-write",
            "code",
            "layers",
            "repeat-2",
            "workflow",
            "image",
            "audio-lines",
            "clapperboard",
            "captions",
            "scissors",
        }
    assert _entry("input")["inputs"] == []
    assert _entry("output")["outputs"] == []
    assert _entry("router")["outputs"] == "dynamic"
    assert _entry("approval")["outputs"] == "dynamic"
    assert _entry("http")["outputs"] == [{"id": "out", "label": "Out"}]


@pytest.mark.parametrize("slug", SLUGS)
def test_each_config_schema_is_valid_and_the_default_config_fits_it(slug: str) -> None:
    # Given a type's published schema and the config the editor creates
    entry = _entry(slug)
    schema = entry["config_schema"]

    # Then the schema is well-formed JSON Schema with an object at the top
    check_schema(schema, schema)
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False

    # And the default config is an instance of it, and decodes to the config struct
    assert errors(entry["default_config"], schema, schema) == []
    node = Node(id="n", type=slug, config=dict(entry["default_config"]))
    default_registry().decode_config(node)


@pytest.mark.parametrize(
    ("slug", "config"),
    [
        ("http", {"url": "https://example.com", "timeout_s": 0}),
        ("http", {"url": "https://example.com", "method": "BREW"}),
        ("agent", {"prompt": "hi", "tools": ["shell"]}),
        ("router", {"routes": [{"name": "a", "condition": {"left": "inputs.x", "op": "between"}}]}),
        ("transform", {"mode": "both"}),
    ],
)
def test_the_schema_and_the_struct_agree_on_bad_configs(slug: str, config: dict[str, Any]) -> None:
    # Given a config that breaks a constraint
    schema = _entry(slug)["config_schema"]

    # Then both the JSON Schema and the struct refuse it
    assert errors(config, schema, schema)
    with pytest.raises(InvalidNodeConfig):
        default_registry().decode_config(Node(id="n", type=slug, config=config))


def test_router_conditions_in_the_schema_are_exactly_one_form() -> None:
    schema = _entry("router")["config_schema"]
    condition = {"$ref": "#/$defs/Condition"}
    assert errors({"left": "inputs.x", "op": "exists"}, condition, schema) == []
    assert errors({"all": [], "any": []}, condition, schema)


def test_a_retry_policy_comes_from_the_config() -> None:
    registry = default_registry()
    http = Node(id="h", type="http", config={"url": "https://x.test", "max_attempts": 5, "timeout_s": 9})
    assert registry.policy(http) == StepPolicy(timeout_s=9, max_attempts=5, retry_initial_delay_s=1.0)
    assert registry.policy(Node(id="t", type="transform")).max_attempts == 1


async def test_unknown_types_and_versions_are_refused() -> None:
    registry = default_registry()
    with pytest.raises(UnknownNodeType):
        registry.get("teleport")
    with pytest.raises(UnknownNodeType):
        registry.get("http", 2)
    assert registry.inspect("http", 2, {}) is None


def test_an_agent_with_a_real_provider_needs_a_credential() -> None:
    inspection = default_registry().inspect(
        "agent", 1, {"provider": "openai", "model": "gpt", "prompt": "hi"}
    )
    assert inspection is not None
    assert [issue.path for issue in inspection.config_issues] == ["credential_id"]
