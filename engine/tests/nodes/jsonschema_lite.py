"""A small JSON Schema (2020-12) checker for the keywords our config schemas use.

Test-only: enough to prove the published schemas are well-formed and that a node's
default config is an instance of its schema, without adding a dependency.
"""

from __future__ import annotations

import re
from typing import Any

KNOWN = {
    "$schema",
    "$ref",
    "$defs",
    "title",
    "description",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "anyOf",
    "oneOf",
    "default",
    "format",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
    "propertyNames",
}
TYPES = {"object", "array", "string", "number", "integer", "boolean", "null"}


def check_schema(schema: Any, root: dict[str, Any], where: str = "#") -> None:
    """Raise AssertionError where `schema` is not a well-formed schema."""
    assert isinstance(schema, dict), where
    unknown = set(schema) - KNOWN
    assert not unknown, f"{where}: unknown keywords {unknown}"
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        assert set(kinds) <= TYPES, where
    if "$ref" in schema:
        _resolve(schema["$ref"], root)
    for key in ("properties", "$defs"):
        for name, sub in schema.get(key, {}).items():
            check_schema(sub, root, f"{where}/{key}/{name}")
    if "required" in schema and "properties" in schema:  # our schemas never require undeclared fields
        assert set(schema["required"]) <= set(schema["properties"]), where
    for key in ("anyOf", "oneOf"):
        for i, sub in enumerate(schema.get(key, [])):
            check_schema(sub, root, f"{where}/{key}/{i}")
    for key in ("items", "additionalProperties", "propertyNames"):
        if isinstance(schema.get(key), dict):
            check_schema(schema[key], root, f"{where}/{key}")
    if "pattern" in schema:
        re.compile(schema["pattern"])
    if "enum" in schema:
        assert isinstance(schema["enum"], list), where


def errors(instance: Any, schema: dict[str, Any], root: dict[str, Any], where: str = "$") -> list[str]:
    """Where `instance` breaks `schema` (the subset of keywords above)."""
    if "$ref" in schema:
        return errors(instance, _resolve(schema["$ref"], root), root, where)
    found: list[str] = []
    if "type" in schema and not _is(instance, schema["type"]):
        return [f"{where}: not {schema['type']}"]
    if "enum" in schema and instance not in schema["enum"]:
        found.append(f"{where}: not in enum")
    if "anyOf" in schema and all(errors(instance, s, root, where) for s in schema["anyOf"]):
        found.append(f"{where}: matches no anyOf")
    if "oneOf" in schema and sum(not errors(instance, s, root, where) for s in schema["oneOf"]) != 1:
        found.append(f"{where}: does not match exactly one oneOf")
    if isinstance(instance, dict):
        properties = schema.get("properties", {})
        found += [f"{where}.{name}: required" for name in schema.get("required", []) if name not in instance]
        for name, value in instance.items():
            if name in properties:
                found += errors(value, properties[name], root, f"{where}.{name}")
            elif schema.get("additionalProperties") is False:
                found.append(f"{where}.{name}: not allowed")
            elif isinstance(schema.get("additionalProperties"), dict):
                found += errors(value, schema["additionalProperties"], root, f"{where}.{name}")
    if isinstance(instance, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(instance):
            found += errors(item, schema["items"], root, f"{where}[{i}]")
    if isinstance(instance, str):
        if len(instance) < schema.get("minLength", 0) or len(instance) > schema.get("maxLength", 1 << 62):
            found.append(f"{where}: length")
        if "pattern" in schema and not re.search(schema["pattern"], instance):
            found.append(f"{where}: pattern")
    if isinstance(instance, int | float) and not isinstance(instance, bool):
        if instance < schema.get("minimum", float("-inf")) or instance > schema.get("maximum", float("inf")):
            found.append(f"{where}: out of range")
        if instance <= schema.get("exclusiveMinimum", float("-inf")):
            found.append(f"{where}: out of range")
        if instance >= schema.get("exclusiveMaximum", float("inf")):
            found.append(f"{where}: out of range")
    return found


def _is(value: Any, kind: str | list[str]) -> bool:
    kinds = kind if isinstance(kind, list) else [kind]
    checks = {
        "object": isinstance(value, dict),
        "array": isinstance(value, list),
        "string": isinstance(value, str),
        "boolean": isinstance(value, bool),
        "null": value is None,
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, int | float) and not isinstance(value, bool),
    }
    return any(checks[k] for k in kinds)


def _resolve(ref: str, root: dict[str, Any]) -> dict[str, Any]:
    assert ref.startswith("#/$defs/"), ref
    target: dict[str, Any] = root["$defs"][ref.removeprefix("#/$defs/")]
    return target
