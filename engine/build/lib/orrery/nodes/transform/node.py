from __future__ import annotations

import json
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta

from orrery.nodes.base import NodeContext, NodeResult, StepPolicy
from orrery.nodes.definition import NodeType
from orrery.nodes.errors import TemplateRenderError
from orrery.nodes.fields import FieldName, ReferencePath, Template
from orrery.nodes.templates import evaluate, render, scope_of
from orrery.spec import TemplateField


class TransformConfig(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    mode: Annotated[
        Literal["template", "pick"],
        Meta(description="`template`: render `template`. `pick`: an object of the `pick` references."),
    ] = "template"
    template: Template = ""
    pick: Annotated[
        dict[FieldName, ReferencePath],
        Meta(description="Output field -> reference, e.g. `title: steps.research.output.title`."),
    ] = {}
    output_format: Annotated[
        Literal["text", "json"], Meta(description="`json` parses the rendered template as JSON.")
    ] = "text"
    on_missing: Annotated[
        Literal["error", "null"],
        Meta(description="A `pick` reference that is not there: fail, or give null."),
    ] = "error"


class TransformNode(NodeType[TransformConfig]):
    type = "transform"
    pure = True
    label = "Transform"
    category = "Logic"
    description = "Reshape data: render a template, or pick fields from upstream outputs."
    icon = "wand"
    config_type = TransformConfig
    default_config = {"mode": "template", "template": ""}
    default_policy = StepPolicy(timeout_s=10.0, max_attempts=1)

    def templates(self, config: TransformConfig) -> list[TemplateField]:
        if config.mode == "template":
            return [TemplateField("template", config.template)]
        return [TemplateField(f"pick.{name}", path, expression=True) for name, path in config.pick.items()]

    async def execute(self, ctx: NodeContext, config: TransformConfig) -> NodeResult:
        scope = scope_of(ctx)
        if config.mode == "pick":
            return NodeResult(
                output={
                    name: await evaluate(path, scope, missing=config.on_missing)
                    for name, path in config.pick.items()
                }
            )
        text = await render(config.template, scope)
        if config.output_format == "text":
            return NodeResult(output=text)
        return NodeResult(output=_parse_json(text))


def _parse_json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        snippet = text[max(0, exc.pos - 30) : exc.pos + 30]
        raise TemplateRenderError(
            f"The rendered template is not valid JSON ({exc.msg} at character {exc.pos}, near {snippet!r})."
        ) from None
