"""The media node types on one run's real asset store: the demo voice's audio is transcribed
offline and other audio is plainly refused; OpenAI images, speech and transcriptions go
through the owner's key (OpenAI's HTTP stood in for by respx); the video node names what is
wrong with a scene."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import numpy as np
import pytest
import respx

from orrery.agents.credential import ResolvedCredential
from orrery.agents.errors import MediaProviderError
from orrery.media import demo
from orrery.nodes import LocalContext, NotAvailable, default_registry
from orrery.nodes.media_errors import MediaInputInvalid
from tests.agents import respx_httpx2  # noqa: F401  (registers respx's "httpx2" mocker)
from tests.assets.media_files import png

KEY = "sk-proj-PLANTEDkey0123456789abcdefXYZ"
OPENAI = ResolvedCredential(id="cred-openai", provider="openai", label="Work OpenAI", api_key=KEY)


async def execute(ctx: LocalContext, type: str, config: dict[str, Any]) -> Any:
    node_type = default_registry().get(type)
    decoded, issues = node_type.decode(config)
    assert decoded is not None, issues
    assert issues == []
    return (await node_type.execute(ctx, decoded)).output


async def test_the_demo_transcriber_knows_the_demo_voice_and_nothing_else(ctx: LocalContext) -> None:
    # Given narration from the demo voice
    spoken = await execute(ctx, "speech", {"text": "Blue light scatters the most."})
    assert spoken["demo"] is True
    assert spoken["audio"]["mime"] == "audio/wav"

    # When it is transcribed offline
    ctx.steps = {"voice": spoken}
    heard = await execute(ctx, "transcribe", {"audio": "{{ steps.voice.output.audio }}"})
    # Then its script comes back
    assert heard["text"] == "Blue light scatters the most."

    # When other audio (a plain tone) is given to the demo transcriber
    tone = await ctx.assets.save("tone.wav", demo.encode_wav(np.zeros(8000, np.float32)))
    ctx.steps = {"voice": {"audio": tone}}
    # Then it says plainly that this needs a provider
    with pytest.raises(NotAvailable, match="not available offline"):
        await execute(ctx, "transcribe", {"audio": "{{ steps.voice.output.audio }}"})


async def test_openai_makes_the_image_and_speech_and_transcribes_with_the_owners_key(
    ctx: LocalContext,
) -> None:
    with respx.mock(using="httpx2", assert_all_called=True) as openai:
        images = openai.post("https://api.openai.com/v1/images/generations").mock(
            return_value=httpx.Response(
                200, json={"data": [{"b64_json": base64.b64encode(png(32, 16)).decode()}]}
            )
        )
        speech = openai.post("https://api.openai.com/v1/audio/speech").mock(
            return_value=httpx.Response(200, content=demo.encode_wav(np.zeros(24000, np.float32)))
        )
        heard = openai.post("https://api.openai.com/v1/audio/transcriptions").mock(
            return_value=httpx.Response(200, json={"text": "hello from openai"})
        )
        # When an image, narration and a transcription are asked of OpenAI with the saved key
        image = await execute(
            ctx,
            "image",
            {
                "provider": "openai",
                "credential_id": "cred-openai",
                "prompt": "A blue sky",
                "size": "1024x1024",
            },
        )
        voice = await execute(
            ctx,
            "speech",
            {"provider": "openai", "credential_id": "cred-openai", "text": "Hello", "voice": "nova"},
        )
        ctx.steps = {"voice": voice}
        text = await execute(
            ctx,
            "transcribe",
            {"provider": "openai", "credential_id": "cred-openai", "audio": "{{ steps.voice.output.audio }}"},
        )

    # Then each call carried the key and the asked-for parameters, and the files are the run's assets
    sent = json.loads(images.calls.last.request.content)
    assert (sent["prompt"], sent["size"], sent["model"]) == ("A blue sky", "1024x1024", "gpt-image-1")
    assert images.calls.last.request.headers["authorization"] == f"Bearer {KEY}"
    assert json.loads(speech.calls.last.request.content)["voice"] == "nova"
    assert heard.calls.last.request.headers["content-type"].startswith("multipart/form-data")
    assert b'name="model"\r\n\r\ngpt-4o-mini-transcribe' in heard.calls.last.request.content
    assert (image["image"]["mime"], image["demo"]) == ("image/png", False)
    assert voice["audio"]["mime"] == "audio/wav"
    assert text["text"] == "hello from openai"


async def test_a_provider_refusal_fails_the_step_with_its_message_and_a_rate_limit_is_retryable(
    ctx: LocalContext,
) -> None:
    with respx.mock(using="httpx2") as openai:
        route = openai.post("https://api.openai.com/v1/images/generations")
        route.mock(return_value=httpx.Response(400, json={"error": {"message": "Your prompt was rejected."}}))
        config = {"provider": "openai", "credential_id": "cred-openai", "prompt": "x"}
        with pytest.raises(MediaProviderError, match="rejected") as refused:
            await execute(ctx, "image", config)
        assert refused.value.retryable is False
        route.mock(return_value=httpx.Response(429, json={"error": {"message": "Slow down."}}))
        with pytest.raises(MediaProviderError) as limited:
            await execute(ctx, "image", config)
        assert limited.value.retryable is True
    assert KEY not in str(refused.value)


def test_a_provider_without_a_key_is_a_config_problem() -> None:
    node_type = default_registry().get("image")
    _, issues = node_type.decode({"provider": "openai", "prompt": "x"})
    assert [i.path for i in issues] == ["credential_id"]


async def test_the_video_node_names_the_scene_that_is_wrong(ctx: LocalContext) -> None:
    # Given a scene whose "image" is an audio file, and one with no image at all
    voice = await execute(ctx, "speech", {"text": "Hello."})
    ctx.steps = {"scenes": {"results": [{"image": voice["audio"], "caption": "x"}]}}
    # Then the step fails naming it
    with pytest.raises(MediaInputInvalid, match="Scene 0's image is a audio/wav file"):
        await execute(ctx, "video", {"scenes": "{{ steps.scenes.output.results }}"})
    ctx.steps = {"scenes": {"results": [{"caption": "x"}]}}
    with pytest.raises(MediaInputInvalid, match="Scene 0 has no `image`"):
        await execute(ctx, "video", {"scenes": "{{ steps.scenes.output.results }}"})


async def test_a_video_is_assembled_then_trimmed_joined_and_thumbnailed(ctx: LocalContext) -> None:
    # Given a two-scene video made by the video node from demo images and narration
    scenes = []
    for i in range(2):
        picture = await execute(ctx, "image", {"prompt": f"Scene {i}", "width": 320, "height": 180})
        voice = await execute(ctx, "speech", {"text": f"Scene {i} speaks."})
        scenes.append({"image": picture["image"], "audio": voice["audio"], "caption": f"Caption {i}"})
    ctx.steps = {"scenes": {"results": scenes}}
    assembled = await execute(
        ctx, "video", {"scenes": "{{ steps.scenes.output.results }}", "width": 320, "height": 180, "fps": 12}
    )
    assert (assembled["scenes"], assembled["video"]["mime"], assembled["subtitles"]["mime"]) == (
        2,
        "video/mp4",
        "text/vtt",
    )
    # and its render's progress was logged as the step's events, with the time left
    progress = [data for _, data in ctx.logs if "percent" in data]
    assert progress, ctx.logs
    assert progress[-1]["percent"] == 100
    assert all("eta_s" in data for data in progress)
    ctx.steps = {"assemble": assembled}
    small = {"width": 160, "height": 90, "fps": 12}

    # When its first second is cut, then joined to the whole, and a thumbnail taken
    trimmed = await execute(
        ctx,
        "clips",
        {"operation": "trim", "video": "{{ steps.assemble.output.video }}", "end_s": 1.0, **small},
    )
    ctx.steps = {"assemble": assembled, "cut": trimmed}
    joined = await execute(
        ctx,
        "clips",
        {"operation": "concatenate", "videos": "{{ [steps.cut.output, steps.assemble.output] }}", **small},
    )
    thumb = await execute(
        ctx,
        "clips",
        {"operation": "thumbnail", "video": "{{ steps.assemble.output.video }}", "name": "t.png"},
    )

    # Then each is a file of the run with the expected length and type
    assert trimmed["duration_s"] == pytest.approx(1.0, abs=0.1)
    assert joined["duration_s"] == pytest.approx(assembled["duration_s"] + 1.0, abs=0.2)
    assert (joined["width"], joined["height"]) == (160, 90)
    assert thumb["image"]["mime"] == "image/png"
