"""Switches in request bodies must be JSON booleans.

Litestar converts a handler's `data` with `strict=False` (so that query strings become numbers),
which also turns `"enabled": 0` into `false` and `"paused": "true"` into `true`: a guess, where
the contract says boolean. The trigger routes, whose bodies switch things on and off, check that
every boolean field of their body is a JSON boolean (the body is already read and cached): a 400
naming the field otherwise. Numbers keep JSON's rule (`30.0` is the integer 30).
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request
from litestar.exceptions import ValidationException


def _is_switch(kind: msgspec.inspect.Type) -> bool:
    if isinstance(kind, msgspec.inspect.BoolType):
        return True
    if isinstance(kind, msgspec.inspect.UnionType):
        return any(isinstance(t, msgspec.inspect.BoolType) for t in kind.types)
    return False


async def require_booleans(request: Request[Any, Any, Any], kind: type[msgspec.Struct]) -> None:
    """Raise the 400 Litestar would for a boolean field of `kind` that is not a JSON boolean."""
    info = msgspec.inspect.type_info(kind)
    assert isinstance(info, msgspec.inspect.StructType)
    switches = [f.encode_name for f in info.fields if _is_switch(f.type)]
    if not switches:
        return
    try:
        raw = msgspec.json.decode(await request.body())
    except msgspec.DecodeError:
        return  # Litestar has refused it already
    if not isinstance(raw, dict):
        return
    wrong = [
        name for name in switches if name in raw and raw[name] is not None and not isinstance(raw[name], bool)
    ]
    if wrong:
        raise ValidationException(
            detail=f"Validation failed for {request.method} {request.url.path}",
            extra=[{"key": name, "message": "Expected `bool`"} for name in wrong],
        )
