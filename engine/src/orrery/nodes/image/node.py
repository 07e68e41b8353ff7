"""`image`: an image from a prompt, stored as an asset of the run. Output:
`{"image": {asset_id, name, mime, size}, "prompt": ..., "provider": ..., "demo": bool}`.

Providers: `demo` (offline: a title card with the prompt, drawn with Pillow, labelled
"demo image"), `openai` (`/v1/images/generations` with the owner's saved key).
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from orrery.media import demo
from orrery.nodes.base import NodeContext, NodeResult, StepPolicy
from orrery.nodes.definition import NodeType
from orrery.nodes.fields import MaxAttempts, Template, TimeoutSeconds
from orrery.nodes.media_provider import CredentialId, MediaProvider, credential_issues, provider_call
from orrery.nodes.templates import render, scope_of
from orrery.spec import ConfigIssue, TemplateField


class ImageConfig(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    provider: MediaProvider = "demo"
    credential_id: CredentialId | None = None
    model: Annotated[str, Meta(min_length=1, max_length=100)] = "gpt-image-1"
    prompt: Annotated[Template, Meta(min_length=1, description="What to picture; may use templates.")]
    size: Annotated[
        Literal["1024x1024", "1536x1024", "1024x1536"], Meta(description="The provider's image size.")
    ] = "1536x1024"
    width: Annotated[int, Meta(ge=16, le=1920, description="Demo card width.")] = 1280
    height: Annotated[int, Meta(ge=16, le=1080, description="Demo card height.")] = 720
    name: Annotated[Template, Meta(min_length=1, description="The file's name (a label).")] = "image.png"
    timeout_s: TimeoutSeconds = 120.0
    max_attempts: MaxAttempts = 2


class ImageNode(NodeType[ImageConfig]):
    type = "image"
    label = "Image"
    category = "Media"
    description = "Make an image from a prompt (demo: an offline title card; or OpenAI with your key)."
    icon = "image"
    config_type = ImageConfig
    default_config = {"provider": "demo", "prompt": "{{ inputs.topic }}"}
    default_policy = StepPolicy(timeout_s=120.0, max_attempts=2)

    def check(self, config: ImageConfig) -> list[ConfigIssue]:
        return credential_issues(config.provider, config.credential_id)

    def templates(self, config: ImageConfig) -> list[TemplateField]:
        return [TemplateField("prompt", config.prompt), TemplateField("name", config.name)]

    async def execute(self, ctx: NodeContext, config: ImageConfig) -> NodeResult:
        scope = scope_of(ctx)
        prompt = (await render(config.prompt, scope)).strip()
        name = (await render(config.name, scope)).strip() or "image.png"
        if config.provider == "demo":
            data = await asyncio.to_thread(demo.title_card, prompt, config.width, config.height)
            await ctx.log(f"Demo image {config.width}x{config.height} ({len(data):,} bytes)")
        else:
            call = await provider_call(ctx, config.credential_id)
            data = await call.image(prompt, model=config.model, size=config.size)
            await ctx.log(f"{config.provider} {config.model}: {config.size} ({len(data):,} bytes)")
        image = await ctx.assets.save(name, data)
        return NodeResult(
            output={
                "image": image,
                "prompt": prompt,
                "provider": config.provider,
                "demo": config.provider == "demo",
            }
        )
