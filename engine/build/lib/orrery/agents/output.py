"""An output JSON Schema as pydantic-ai structured output, and the check of the result.

pydantic-ai's `StructuredDict` tells the model the schema (as its output tool) but
only checks that the answer is an object; the answer is validated here against the
whole schema (JSON Schema 2020-12, `jsonschema`), and a mismatch goes back to the model
as a retry with the reasons, up to the agent's `retries`. A schema whose top level is
not an object is wrapped as `{"result": ...}` for the model and unwrapped after.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

WRAP_KEY: Final = "result"
MAX_REASONS: Final = 5


def schema_problem(schema: dict[str, Any]) -> str | None:
    """Why `schema` is not a usable JSON Schema; None if it is."""
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        where = "/".join(str(p) for p in exc.absolute_path)
        return f"{exc.message}" + (f" (at `{where}`)" if where else "")
    return None


@dataclass(frozen=True)
class OutputShape:
    schema: dict[str, Any]
    """What the user asked for."""
    model_schema: dict[str, Any]
    """What the model is given: an object schema."""
    wrapped: bool

    @classmethod
    def of(cls, schema: dict[str, Any]) -> OutputShape:
        is_object = schema.get("type") == "object" or ("type" not in schema and "properties" in schema)
        if is_object:
            return cls(schema, {"type": "object", **schema}, wrapped=False)
        wrapper = {"type": "object", "properties": {WRAP_KEY: schema}, "required": [WRAP_KEY]}
        if "$defs" in schema:
            wrapper["$defs"] = schema["$defs"]
        return cls(schema, wrapper, wrapped=True)

    def output_type(self) -> Any:
        from pydantic_ai import StructuredDict

        model_schema = {k: v for k, v in self.model_schema.items() if k != "$schema"}
        return StructuredDict(
            model_schema, name="final_output", description="The answer, as the schema asks."
        )

    def problems(self, value: Any) -> list[str]:
        """Why `value` (the model's object) breaks the schema, as short reasons; [] if it fits."""
        instance = self.unwrap(value)
        validator = Draft202012Validator(self.schema)
        reasons = []
        for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))[
            :MAX_REASONS
        ]:
            where = ".".join(str(p) for p in error.absolute_path)
            reasons.append(f"at `{where or '(top level)'}`: {error.message}")
        return reasons

    def unwrap(self, value: Any) -> Any:
        if self.wrapped and isinstance(value, dict):
            return value.get(WRAP_KEY)
        return value
