"""Run inputs: checking declarations, and checking the values a run is started with."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import msgspec
from msgspec import UNSET

from orrery.spec.document import InputSpec, InputType, Workflow
from orrery.spec.errors import SpecError
from orrery.spec.problems import Problem


class InputError(msgspec.Struct, frozen=True):
    """One run input that is missing or of the wrong kind."""

    name: str
    """The input's name."""
    message: str


class InvalidInputs(SpecError):
    """The values a run was started with do not fit the workflow's inputs (the API answers 422)."""

    def __init__(self, errors: list[InputError]) -> None:
        super().__init__("; ".join(f"{e.name}: {e.message}" for e in errors))
        self.errors = errors


_TYPE_WORDS: dict[InputType, str] = {
    "string": "a string",
    "number": "a number",
    "integer": "an integer",
    "boolean": "true or false",
    "object": "an object",
    "array": "an array",
}


def fits(value: Any, type_: InputType) -> bool:
    """Whether a JSON value is of a JSON Schema type (`true` is not a number; `2.0` is an integer)."""
    if type_ == "string":
        return isinstance(value, str)
    if type_ == "boolean":
        return isinstance(value, bool)
    if type_ == "object":
        return isinstance(value, dict)
    if type_ == "array":
        return isinstance(value, list)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return type_ == "number" or isinstance(value, int) or value.is_integer()


def _value_issue(value: Any, spec: InputSpec) -> str | None:
    if not fits(value, spec.type):
        return f"must be {_TYPE_WORDS[spec.type]}"
    if spec.enum is not None and value not in spec.enum:
        return f"must be one of {', '.join(map(repr, spec.enum))}"
    return None


def declaration_problems(doc: Workflow) -> list[Problem]:
    """`invalid_input` for defaults and enums that contradict their own declaration."""
    problems: list[Problem] = []
    for name, spec in doc.inputs.items():
        for index, option in enumerate(spec.enum or []):
            if not fits(option, spec.type):
                problems.append(
                    Problem(
                        "invalid_input",
                        f"Input `{name}`: enum value {option!r} is not {_TYPE_WORDS[spec.type]}.",
                        path=f"inputs.{name}.enum[{index}]",
                    )
                )
        if spec.default is not UNSET:
            issue = _value_issue(spec.default, spec)
            if issue:
                problems.append(
                    Problem(
                        "invalid_input",
                        f"Input `{name}`: the default {issue}.",
                        path=f"inputs.{name}.default",
                    )
                )
    return problems


def resolve_inputs(doc: Workflow, given: Mapping[str, Any]) -> dict[str, Any]:
    """The inputs a run sees: `given`, checked, with defaults filled in and optional inputs
    that were not given set to None (so `{{ inputs.x }}` renders instead of failing).

    Raises `InvalidInputs` listing every bad field at once.
    """
    errors = [
        InputError(name, "is not an input of this workflow") for name in given if name not in doc.inputs
    ]
    resolved: dict[str, Any] = {}
    for name, spec in doc.inputs.items():
        if name in given and given[name] is not None:
            issue = _value_issue(given[name], spec)
            if issue:
                errors.append(InputError(name, issue))
            resolved[name] = given[name]
        elif spec.default is not UNSET:
            resolved[name] = spec.default
        elif spec.required:
            errors.append(InputError(name, "is required"))
        else:
            resolved[name] = None
    if errors:
        raise InvalidInputs(errors)
    return resolved


def inputs_json_schema(doc: Workflow) -> dict[str, Any]:
    """The run inputs as one JSON Schema object (the web builds the run form from it)."""
    properties: dict[str, Any] = {}
    required: list[str] = []
    for name, spec in doc.inputs.items():
        properties[name] = {k: v for k, v in msgspec.to_builtins(spec).items() if k != "required"}
        if spec.required and spec.default is UNSET:
            required.append(name)
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}
