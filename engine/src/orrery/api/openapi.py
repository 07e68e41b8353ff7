"""What Litestar's OpenAPI generation leaves out, put back so the contract is exact.

- A msgspec struct with `forbid_unknown_fields=True` refuses fields it does not
  declare, but Litestar (2.25) documents it as an open object: `ExactStructSchemaPlugin`
  adds `additionalProperties: false`.
- A union such as `int | float` becomes `oneOf: [integer, number]`, which no integer
  satisfies (it matches both): the plugin makes such overlapping choices `anyOf`.
- A number's bounds inside a list inside a union (`list[Annotated[int, Meta(ge=0)]] | None`)
  are dropped: the plugin puts them back (`minimum`, `maximum`, ...).
- Litestar's automatic OPTIONS answer lists the methods of one handler group of the
  path (e.g. `DELETE, OPTIONS` for a path that also has GET and PUT): `complete_allow`
  (a `before_send` hook) lists every method the path has.
"""

from __future__ import annotations

from collections.abc import Mapping

import msgspec
from litestar import Litestar
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar.datastructures import MutableScopeHeaders
from litestar.openapi.spec import Schema
from litestar.types import Message, Scope
from litestar.typing import FieldDefinition

_OPTIONS_HANDLER = "options_handler"  # the name of Litestar's generated OPTIONS handler


class ExactStructSchemaPlugin(StructSchemaPlugin):
    """Structs as Litestar documents them, plus `additionalProperties: false` when they forbid
    it, and `anyOf` for a choice between types that overlap."""

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: object) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)  # type: ignore[arg-type]
        info = msgspec.inspect.type_info(field_definition.type_)
        if isinstance(info, msgspec.inspect.StructType) and info.forbid_unknown_fields:
            schema.additional_properties = False
        for prop in (schema.properties or {}).values():
            _any_of_for_overlaps(prop)
        if isinstance(info, msgspec.inspect.StructType):
            for struct_field in info.fields:
                _number_bounds(struct_field.type, (schema.properties or {}).get(struct_field.encode_name))
        return schema


def _any_of_for_overlaps(schema: object) -> None:
    """`oneOf` listing both `integer` and `number` (an integer is both) becomes `anyOf`."""
    if not isinstance(schema, Schema):
        return
    if schema.one_of and {"integer", "number"} <= {getattr(o, "type", None) for o in schema.one_of}:
        schema.any_of, schema.one_of = schema.one_of, None
    for child in (*(schema.one_of or ()), *(schema.any_of or ()), schema.additional_properties, schema.items):
        _any_of_for_overlaps(child)


_BOUNDS = (("ge", "minimum"), ("le", "maximum"), ("gt", "exclusive_minimum"), ("lt", "exclusive_maximum"))


def _number_bounds(kind: msgspec.inspect.Type, schema: object) -> None:
    """Copy a number's bounds the generated schema lacks, through lists and unions."""
    if not isinstance(schema, Schema):
        return
    if isinstance(kind, msgspec.inspect.IntType | msgspec.inspect.FloatType):
        for ours, theirs in _BOUNDS:
            if getattr(kind, ours) is not None and getattr(schema, theirs) is None:
                setattr(schema, theirs, getattr(kind, ours))
    elif isinstance(kind, msgspec.inspect.ListType):
        _number_bounds(kind.item_type, schema.items)
    elif isinstance(kind, msgspec.inspect.UnionType):
        for option in kind.types:
            if isinstance(option, msgspec.inspect.ListType):
                for child in (*(schema.one_of or ()), *(schema.any_of or ())):
                    if isinstance(child, Schema) and getattr(child.type, "value", child.type) == "array":
                        _number_bounds(option, child)


def _methods_by_path(app: Litestar) -> Mapping[str, str]:
    methods: dict[str, set[str]] = {}
    for route in app.routes:
        methods.setdefault(route.path, set()).update(getattr(route, "methods", ()))
    return {path: ", ".join(sorted(found)) for path, found in methods.items()}


async def complete_allow(message: Message, scope: Scope) -> None:
    """`before_send` hook: an automatic OPTIONS answer's `Allow` lists all the path's methods."""
    if message["type"] != "http.response.start" or scope.get("method") != "OPTIONS":
        return
    handler = scope.get("route_handler")
    if handler is None or handler.handler_name != _OPTIONS_HANDLER:
        return
    app: Litestar = scope["app"]
    allowed = app.state.get("orrery.allow")
    if allowed is None:
        allowed = app.state["orrery.allow"] = _methods_by_path(app)
    for path in handler.paths:
        if path in allowed:
            MutableScopeHeaders.from_message(message)["Allow"] = allowed[path]
