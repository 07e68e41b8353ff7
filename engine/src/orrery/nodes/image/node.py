"""`image`: an image from a prompt, stored as an asset of the run. Output:
`{"image": {asset_id, name, mime, size}, "prompt": ..., "provider": ..., "demo": bool}`.

Providers: `demo` (offline: a title card with the prompt, drawn with Pillow, labelled
"demo image"). Provider image models through the user's saved keys come next (ROADMAP).
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from orrery.media import demo
from orrery.nodes.base import NodeContext, NodeResult, StepPolicy
from orrery.nodes.definition import NodeType
from orrery.nodes.fields import Template, TimeoutSeconds
from orrery.nodes.templates import render, scope_of
from orrery.spec import TemplateField


class ImageConfig(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    provider: Annotated[
        Literal["demo"], Meta(description="`demo`: an offline title card drawn from the prompt.")
    ] = "demo"
    prompt: Annotated[Template, Meta(min_length=1, description="What to picture; may use templates.")]
    width: Annotated[int, Meta(ge=16, le=1920, multiple_of=2)] = 1280
    height: Annotated[int, Meta(ge=16, le=1080, multiple_of=2)] = 720
    name: Annotated[Template, Meta(min_length=1, description="The file's name (a label).")] = "image.png"
    timeout_s: TimeoutSeconds = 60.0


class ImageNode(NodeType[ImageConfig]):
    type = "image"
    label = "Image"
    category = "Media"
    description = "Make an image from a prompt (demo: an offline title card)."
    icon = "image"
    config_type = ImageConfig
    default_config = {"provider": "demo", "prompt": "{{ inputs.topic }}"}
    default_policy = StepPolicy(timeout_s=60.0, max_attempts=1)

    def templates(self, config: ImageConfig) -> list[TemplateField]:
        return [TemplateField("prompt", config.prompt), TemplateField("name", config.name)]

    async def execute(self, ctx: NodeContext, config: ImageConfig) -> NodeResult:
        scope = scope_of(ctx)
        prompt = (await render(config.prompt, scope)).strip()
        name = (await render(config.name, scope)).strip() or "image.png"
        data = await asyncio.to_thread(demo.title_card, prompt, config.width, config.height)
        image = await ctx.assets.save(name, data)
        await ctx.log(f"Demo image {config.width}x{config.height} ({len(data):,} bytes)")
        return NodeResult(
            output={"image": image, "prompt": prompt, "provider": config.provider, "demo": True}
        )
