"""Run inputs: defaults, required inputs, types, and the form's JSON Schema."""

from __future__ import annotations

import pytest

from orrery.spec import InvalidInputs, decode_workflow, inputs_json_schema, resolve_inputs
from tests.spec.documents import document


def _doc():  # type: ignore[no-untyped-def]
    return decode_workflow(
        document(
            [],
            [],
            topic={"type": "string", "description": "What about"},
            minutes={"type": "integer", "default": 5},
            tone={"type": "string", "enum": ["calm", "loud"], "required": False},
        )
    )


def test_defaults_fill_in_and_optional_inputs_become_null() -> None:
    assert resolve_inputs(_doc(), {"topic": "owls"}) == {"topic": "owls", "minutes": 5, "tone": None}


def test_every_bad_input_is_reported() -> None:
    # When a run is started with a missing, a mistyped, an off-list and an unknown input
    with pytest.raises(InvalidInputs) as caught:
        resolve_inputs(_doc(), {"minutes": 2.5, "tone": "shouty", "colour": "red"})

    # Then each is named
    errors = {e.name: e.message for e in caught.value.errors}
    assert errors == {
        "topic": "is required",
        "minutes": "must be an integer",
        "tone": "must be one of 'calm', 'loud'",
        "colour": "is not an input of this workflow",
    }


def test_integers_accept_whole_floats_but_not_booleans() -> None:
    assert resolve_inputs(_doc(), {"topic": "x", "minutes": 3.0})["minutes"] == 3.0
    with pytest.raises(InvalidInputs):
        resolve_inputs(_doc(), {"topic": "x", "minutes": True})


def test_the_inputs_as_one_json_schema() -> None:
    schema = inputs_json_schema(_doc())
    assert schema["required"] == ["topic"]
    assert schema["properties"]["minutes"] == {"type": "integer", "default": 5}
    assert schema["additionalProperties"] is False
