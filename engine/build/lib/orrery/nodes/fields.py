"""Config field types shared by node types (constraints and descriptions land in the JSON Schema)."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

Template = Annotated[
    str,
    Meta(
        max_length=100_000,
        description="A template: `{{ inputs.<name> }}` and `{{ steps.<node>.output... }}` are replaced.",
        extra_json_schema={"format": "orrery-template"},
    ),
]
ReferencePath = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=1_000,
        description="A reference such as `steps.research.output.title` or `inputs.topic`.",
        extra_json_schema={"format": "orrery-reference"},
    ),
]
FieldName = Annotated[str, Meta(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,63}$", description="An identifier.")]

TimeoutSeconds = Annotated[
    float, Meta(gt=0, le=3600, description="Give up an attempt after this many seconds.")
]
MaxAttempts = Annotated[
    int, Meta(ge=1, le=10, description="Attempts in all, counting the first; transient errors are retried.")
]
RetryDelaySeconds = Annotated[
    float,
    Meta(ge=0, le=600, description="Delay before the first retry; it grows exponentially, with jitter."),
]

MemoryCollectionName = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=100,
        description="The name of one of your memory collections (Settings → Memory).",
    ),
]
MemoryMetadata = Annotated[
    dict[Annotated[str, Meta(min_length=1, max_length=64)], str | int | float | bool | None],
    Meta(description="A flat JSON object of labels (string keys, scalar values)."),
]
