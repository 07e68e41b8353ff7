"""`transcribe`: the text spoken in an audio (or video) file. Output:
`{"text": ..., "provider": ..., "demo": bool}`.

Providers: `demo` (offline: it knows the script of audio the demo voice made, kept in the
file, and says plainly that anything else cannot be transcribed offline), `openai`
(`/v1/audio/transcriptions` with the owner's saved key).
"""

from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import Meta

from orrery.media import demo
from orrery.nodes.base import NodeContext, NodeResult, StepPolicy
from orrery.nodes.definition import NodeType
from orrery.nodes.errors import NotAvailable
from orrery.nodes.fields import MaxAttempts, Template, TimeoutSeconds
from orrery.nodes.media_errors import MediaInputInvalid
from orrery.nodes.media_provider import CredentialId, MediaProvider, credential_issues, provider_call
from orrery.nodes.templates import render_value, scope_of
from orrery.spec import ConfigIssue, TemplateField


class TranscribeConfig(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    provider: MediaProvider = "demo"
    credential_id: CredentialId | None = None
    model: Annotated[str, Meta(min_length=1, max_length=100)] = "gpt-4o-mini-transcribe"
    audio: Annotated[
        Template,
        Meta(description="The file, e.g. `{{ steps.voice.output.audio }}` (an audio or video file)."),
    ]
    timeout_s: TimeoutSeconds = 300.0
    max_attempts: MaxAttempts = 2


class TranscribeNode(NodeType[TranscribeConfig]):
    type = "transcribe"
    label = "Transcribe"
    category = "Media"
    description = "Speech to text (demo: only audio the demo voice made; or OpenAI with your key)."
    icon = "captions"
    config_type = TranscribeConfig
    default_config = {"provider": "demo", "audio": "{{ steps.voice.output.audio }}"}
    default_policy = StepPolicy(timeout_s=300.0, max_attempts=2)

    def check(self, config: TranscribeConfig) -> list[ConfigIssue]:
        return credential_issues(config.provider, config.credential_id)

    def templates(self, config: TranscribeConfig) -> list[TemplateField]:
        return [TemplateField("audio", config.audio)]

    async def execute(self, ctx: NodeContext, config: TranscribeConfig) -> NodeResult:
        reference, data = await ctx.assets.load(await render_value(config.audio, scope_of(ctx)))
        mime = str(reference.get("mime", ""))
        if not mime.startswith(("audio/", "video/")):
            raise MediaInputInvalid(f"`{reference.get('name')}` is {mime}, not audio or video.")
        if config.provider == "demo":
            text = demo.demo_transcript(data)
            if text is None:
                raise NotAvailable(
                    "Speech to text is not available offline: the demo transcriber only knows audio made "
                    "by the demo voice. Choose OpenAI and one of your saved keys."
                )
        else:
            call = await provider_call(ctx, config.credential_id)
            text = await call.transcription(
                data, name=str(reference.get("name") or "audio"), mime=mime, model=config.model
            )
        await ctx.log(f"Transcribed {len(text.split())} words")
        return NodeResult(
            output={"text": text, "provider": config.provider, "demo": config.provider == "demo"}
        )
