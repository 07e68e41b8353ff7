"""`video`: a slideshow video from scenes, stored as assets of the run.

`scenes` gives a list; each scene names an image (an asset reference), optionally its
narration (an audio reference) and a caption, and optionally how long it lasts (default: its
narration plus a little, or 3 s). The node renders H.264/AAC MP4 with PyAV (the captions
burned in with Pillow, `subtitles`), ducks the optional background audio under the
narration, and also stores the captions as a WebVTT track and a thumbnail. Output:
`{"video": ref, "subtitles": ref (text/vtt), "thumbnail": ref, "duration_s", "scenes": n,
"srt": "..."}`.

The render runs in a thread (`media.jobs`): the worker's loop keeps serving, progress is
logged as `step.log` events with `percent` and `eta_s`, and a cancelled or timed-out step
stops the encoder between two frames. Output limits (duration, resolution, size) come from
the operator's asset settings; a file FFmpeg cannot read fails the step with its reason.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from orrery.media import edit
from orrery.media import render as media
from orrery.media.errors import RenderCancelled, RenderFailed, RenderLimit
from orrery.media.jobs import run_blocking
from orrery.media.subtitles import to_srt, to_vtt
from orrery.nodes.base import NodeContext, NodeResult, StepPolicy
from orrery.nodes.definition import NodeType
from orrery.nodes.errors import NodeError
from orrery.nodes.fields import Template, TimeoutSeconds
from orrery.nodes.media_errors import MediaInputInvalid, RenderFailedError, RenderOverLimit, size_issues
from orrery.nodes.templates import render, render_value, scope_of
from orrery.spec import ConfigIssue, TemplateField

MAX_SCENES = 200


class VideoConfig(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    scenes: Annotated[
        Template,
        Meta(
            description="The scenes, e.g. `{{ steps.scenes.output.results }}`: a list of objects with "
            "`image` (a file), optional `audio` (a file), `caption` and `duration_s`."
        ),
    ]
    image_field: Annotated[str, Meta(min_length=1, max_length=64)] = "image"
    audio_field: Annotated[str, Meta(min_length=1, max_length=64)] = "audio"
    caption_field: Annotated[str, Meta(min_length=1, max_length=64)] = "caption"
    background_audio: (
        Annotated[Template, Meta(description="A file to play under the narration (ducked), looped.")] | None
    ) = None
    width: Annotated[int, Meta(ge=16, le=1920)] = 1280
    height: Annotated[int, Meta(ge=16, le=1080)] = 720
    fps: Annotated[int, Meta(ge=1, le=60)] = 24
    burn_subtitles: Annotated[bool, Meta(description="Draw each scene's caption on its frames.")] = True
    ken_burns: Annotated[bool, Meta(description="A slow zoom and pan across each image.")] = False
    name: Annotated[Template, Meta(min_length=1, description="The file's name (a label).")] = "video.mp4"
    timeout_s: TimeoutSeconds = 900.0


def _field(scene: Any, name: str) -> Any:
    """A scene's field; also found one level down (a map result `{node: output}`)."""
    if not isinstance(scene, Mapping):
        return None
    if name in scene:
        return scene[name]
    for value in scene.values():
        if isinstance(value, Mapping) and name in value:
            return value[name]
    return None


def _file(value: Any) -> Any:
    """An asset reference, found inside an output such as an image node's `{image: ref}`."""
    if isinstance(value, Mapping) and "asset_id" not in value:
        for inner in value.values():
            if isinstance(inner, Mapping) and "asset_id" in inner:
                return inner
    return value


class VideoNode(NodeType[VideoConfig]):
    type = "video"
    label = "Video"
    category = "Media"
    description = "Assemble scenes (image, narration, caption) into an MP4 with subtitles."
    icon = "clapperboard"
    config_type = VideoConfig
    default_config = {"scenes": "{{ steps.scenes.output.results }}"}
    default_policy = StepPolicy(timeout_s=900.0, max_attempts=1)

    def check(self, config: VideoConfig) -> list[ConfigIssue]:
        return size_issues(config.width, config.height)

    def templates(self, config: VideoConfig) -> list[TemplateField]:
        fields = [TemplateField("scenes", config.scenes), TemplateField("name", config.name)]
        if config.background_audio is not None:
            fields.append(TemplateField("background_audio", config.background_audio))
        return fields

    async def execute(self, ctx: NodeContext, config: VideoConfig) -> NodeResult:
        scope = scope_of(ctx)
        scenes = await render_value(config.scenes, scope)
        if not isinstance(scenes, list) or not scenes:
            raise MediaInputInvalid("`scenes` must give a non-empty list of scenes.")
        if len(scenes) > MAX_SCENES:
            raise MediaInputInvalid(f"{len(scenes)} scenes: at most {MAX_SCENES} per video.")
        name = (await render(config.name, scope)).strip() or "video.mp4"
        background = await render_value(config.background_audio, scope) if config.background_audio else None
        with tempfile.TemporaryDirectory(prefix="orrery-video-") as folder:
            work = Path(folder)
            planned = [await self._scene(ctx, config, scene, i, work) for i, scene in enumerate(scenes)]
            bed = (
                await self._fetch(ctx, _file(background), work / "background", "background audio")
                if background
                else None
            )
            spec = self._spec(ctx, config, bed)
            out = work / "video.mp4"

            async def on_progress(percent: int, eta: float | None) -> None:
                eta_text = f", about {eta:.0f} s left" if eta is not None and percent < 100 else ""
                await ctx.log(f"Rendering: {percent}%{eta_text}", percent=percent, eta_s=eta)

            try:
                rendered = await run_blocking(
                    lambda cancel, progress: media.slideshow(planned, out, spec, cancel, progress),
                    on_progress,
                )
                thumb = await run_blocking(
                    lambda cancel, progress: edit.thumbnail(out, work / "thumbnail.png", 0.5)
                )
            except RenderLimit as exc:
                raise RenderOverLimit(str(exc)) from None
            except RenderFailed as exc:
                raise RenderFailedError(str(exc)) from None
            except RenderCancelled as exc:  # pragma: no cover - the task is cancelled first
                raise NodeError(str(exc)) from None
            stem = name.rsplit(".", 1)[0] or "video"
            video = await ctx.assets.save(name, out.read_bytes())
            subtitles = await ctx.assets.save(f"{stem}.vtt", to_vtt(rendered.cues).encode())
            thumbnail = await ctx.assets.save(f"{stem}.png", thumb.read_bytes())
        return NodeResult(
            output={
                "video": video,
                "subtitles": subtitles,
                "thumbnail": thumbnail,
                "duration_s": round(rendered.duration_s, 2),
                "width": rendered.width,
                "height": rendered.height,
                "scenes": len(planned),
                "srt": to_srt(rendered.cues),
            }
        )

    def _spec(self, ctx: NodeContext, config: VideoConfig, background: Path | None) -> media.VideoSpec:
        limits = getattr(ctx.assets, "limits", None)
        return media.VideoSpec(
            width=config.width,
            height=config.height,
            fps=config.fps,
            burn_subtitles=config.burn_subtitles,
            ken_burns=config.ken_burns,
            background=background,
            **(
                {
                    "max_duration_s": limits.max_duration_s,
                    "max_pixels": limits.max_pixels,
                    "max_bytes": limits.max_bytes,
                }
                if limits is not None
                else {}
            ),
        )

    async def _scene(
        self, ctx: NodeContext, config: VideoConfig, scene: Any, index: int, work: Path
    ) -> media.Scene:
        image = _file(_field(scene, config.image_field))
        if image is None:
            raise MediaInputInvalid(f"Scene {index} has no `{config.image_field}` (an image file).")
        audio = _file(_field(scene, config.audio_field))
        caption = _field(scene, config.caption_field)
        duration = _field(scene, "duration_s") if audio is None else None
        if duration is not None and (not isinstance(duration, int | float) or not 0 < duration <= 600):
            raise MediaInputInvalid(f"Scene {index}: `duration_s` must be a number of seconds (0-600).")
        return media.Scene(
            image=await self._fetch(ctx, image, work / f"scene-{index}-image", f"scene {index}'s image"),
            audio=await self._fetch(ctx, audio, work / f"scene-{index}-audio", f"scene {index}'s audio")
            if audio is not None
            else None,
            duration_s=float(duration) if duration is not None else None,
            caption=str(caption) if caption is not None else "",
        )

    async def _fetch(self, ctx: NodeContext, value: Any, path: Path, what: str) -> Path:
        reference, data = await ctx.assets.load(value)
        kind = str(reference.get("mime", "")).split("/", 1)[0]
        expected = "image" if "image" in what else "audio"
        if kind != expected and not (expected == "audio" and kind == "video"):
            raise MediaInputInvalid(f"{what.capitalize()} is a {reference.get('mime')} file, not {expected}.")
        await asyncio.to_thread(path.write_bytes, data)
        return path
