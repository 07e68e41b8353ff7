"""`speech`: narration for a text, stored as an asset of the run. Output:
`{"audio": {asset_id, name, mime, size}, "text": ..., "duration_s": ..., "provider": ..., "demo": bool}`.

Providers: `demo` (offline: espeak-ng reads the text when it is installed, as `make dev`
does, else a small formant synthesizer babbles one voiced syllable per ~3 letters, as long
as reading the text would take; labelled demo, with `voice` saying which; the text is kept
in the file for the demo transcriber), `openai`
(`/v1/audio/speech` with the owner's saved key, WAV).
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import msgspec
from msgspec import Meta

from orrery.media import demo
from orrery.nodes.base import NodeContext, NodeResult, StepPolicy
from orrery.nodes.definition import NodeType
from orrery.nodes.fields import MaxAttempts, Template, TimeoutSeconds
from orrery.nodes.media_errors import MediaInputInvalid
from orrery.nodes.media_provider import CredentialId, MediaProvider, credential_issues, provider_call
from orrery.nodes.templates import render, scope_of
from orrery.spec import ConfigIssue, TemplateField

MAX_CHARS = 4000


class SpeechConfig(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    provider: MediaProvider = "demo"
    credential_id: CredentialId | None = None
    model: Annotated[str, Meta(min_length=1, max_length=100)] = "gpt-4o-mini-tts"
    voice: Annotated[str, Meta(min_length=1, max_length=50, description="The provider's voice.")] = "alloy"
    text: Annotated[Template, Meta(min_length=1, description="What to say; may use templates.")]
    name: Annotated[Template, Meta(min_length=1, description="The file's name (a label).")] = "narration.wav"
    timeout_s: TimeoutSeconds = 120.0
    max_attempts: MaxAttempts = 2


class SpeechNode(NodeType[SpeechConfig]):
    type = "speech"
    label = "Speech"
    category = "Media"
    description = "Turn text into narration (demo: an offline robotic voice; or OpenAI with your key)."
    icon = "audio-lines"
    config_type = SpeechConfig
    default_config = {"provider": "demo", "text": "{{ inputs.topic }}"}
    default_policy = StepPolicy(timeout_s=120.0, max_attempts=2)

    def check(self, config: SpeechConfig) -> list[ConfigIssue]:
        return credential_issues(config.provider, config.credential_id)

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
        if config.provider == "demo":
            samples, voice = await asyncio.to_thread(demo.read_aloud, text)
            data = await asyncio.to_thread(demo.encode_wav, samples, text)
            duration: float | None = round(len(samples) / demo.VOICE_RATE, 2)
            await ctx.log(f"Demo voice ({voice}): {duration} s")
        else:
            call = await provider_call(ctx, config.credential_id)
            data = await call.speech(text, model=config.model, voice=config.voice)
            duration, voice = None, config.voice
            await ctx.log(f"{config.provider} {config.model} ({config.voice}): {len(data):,} bytes")
        audio = await ctx.assets.save(name, data)
        return NodeResult(
            output={
                "audio": audio,
                "text": text,
                "duration_s": duration,
                "provider": config.provider,
                "voice": voice,
                "demo": config.provider == "demo",
            }
        )
