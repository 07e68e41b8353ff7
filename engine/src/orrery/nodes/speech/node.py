"""`speech`: narration for a text, stored as an asset of the run (WAV). Output:
`{"audio": {asset_id, name, mime, size}, "text": ..., "duration_s": ..., "provider": ..., "demo": bool}`.

Providers: `demo` (offline, no system install: a small formant synthesizer that babbles one
voiced syllable per ~3 letters, as long as reading the text would take; not speech, and
labelled demo). Provider voices through the user's saved keys come next (ROADMAP).
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
from orrery.nodes.media_errors import MediaInputInvalid
from orrery.nodes.templates import render, scope_of
from orrery.spec import TemplateField

MAX_CHARS = 5000


class SpeechConfig(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    provider: Annotated[
        Literal["demo"], Meta(description="`demo`: an offline voice-like babble (not speech).")
    ] = "demo"
    text: Annotated[Template, Meta(min_length=1, description="What to say; may use templates.")]
    name: Annotated[Template, Meta(min_length=1, description="The file's name (a label).")] = "narration.wav"
    timeout_s: TimeoutSeconds = 60.0


class SpeechNode(NodeType[SpeechConfig]):
    type = "speech"
    label = "Speech"
    category = "Media"
    description = "Turn text into narration (demo: an offline voice-like babble)."
    icon = "audio-lines"
    config_type = SpeechConfig
    default_config = {"provider": "demo", "text": "{{ inputs.topic }}"}
    default_policy = StepPolicy(timeout_s=60.0, max_attempts=1)

    def templates(self, config: SpeechConfig) -> list[TemplateField]:
        return [TemplateField("text", config.text), TemplateField("name", config.name)]

    async def execute(self, ctx: NodeContext, config: SpeechConfig) -> NodeResult:
        scope = scope_of(ctx)
        text = " ".join((await render(config.text, scope)).split())
        if not text:
            raise MediaInputInvalid("The text to say is empty.")
        if len(text) > MAX_CHARS:
            raise MediaInputInvalid(f"The text is {len(text):,} characters: at most {MAX_CHARS:,} per step.")
        name = (await render(config.name, scope)).strip() or "narration.wav"
        samples = await asyncio.to_thread(demo.voice_samples, text)
        data = await asyncio.to_thread(demo.encode_wav, samples)
        audio = await ctx.assets.save(name, data)
        duration = round(len(samples) / demo.VOICE_RATE, 2)
        await ctx.log(f"Demo voice: {duration} s")
        return NodeResult(
            output={
                "audio": audio,
                "text": text,
                "duration_s": duration,
                "provider": config.provider,
                "demo": True,
            }
        )
