"""`clips`: one editing operation on video files, the result stored as an asset of the run.

- `concatenate`: the files of `videos` one after the other;
- `trim`: `video` from `start_s` to `end_s`;
- `transcode`: `video` as H.264/AAC MP4 at the node's size (web-playable);
- `thumbnail`: a PNG of `video` at `at_s`.
Output: `{"video": ref, "duration_s", "width", "height"}` (`{"image": ref}` for a thumbnail).
Re-encoding runs in a thread with progress logs and prompt cancellation, within the
operator's limits, like the `video` node; a file FFmpeg cannot read fails with its reason.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta

from orrery.media import edit
from orrery.media import render as media
from orrery.media.errors import RenderFailed, RenderLimit
from orrery.media.jobs import run_blocking
from orrery.nodes.base import NodeContext, NodeResult, StepPolicy
from orrery.nodes.definition import NodeType
from orrery.nodes.fields import Template, TimeoutSeconds
from orrery.nodes.media_errors import MediaInputInvalid, RenderFailedError, RenderOverLimit, size_issues
from orrery.nodes.templates import render, render_value, scope_of
from orrery.spec import ConfigIssue, TemplateField

MAX_CLIPS = 100


class ClipsConfig(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    operation: Literal["concatenate", "trim", "transcode", "thumbnail"] = "transcode"
    videos: (
        Annotated[Template, Meta(description="`concatenate`: the list of video files, in order.")] | None
    ) = None
    video: (
        Annotated[Template, Meta(description="`trim`, `transcode`, `thumbnail`: the video file.")] | None
    ) = None
    start_s: Annotated[float, Meta(ge=0, le=36_000)] = 0.0
    end_s: Annotated[float, Meta(gt=0, le=36_000)] | None = None
    at_s: Annotated[float, Meta(ge=0, le=36_000, description="`thumbnail`: where.")] = 0.0
    width: Annotated[int, Meta(ge=16, le=1920)] = 1280
    height: Annotated[int, Meta(ge=16, le=1080)] = 720
    fps: Annotated[int, Meta(ge=1, le=60)] = 24
    name: Annotated[Template, Meta(min_length=1, description="The file's name (a label).")] = "clip.mp4"
    timeout_s: TimeoutSeconds = 900.0


class ClipsNode(NodeType[ClipsConfig]):
    type = "clips"
    label = "Edit video"
    category = "Media"
    description = "Concatenate, trim or transcode videos to MP4, or take a thumbnail."
    icon = "scissors"
    config_type = ClipsConfig
    default_config = {"operation": "transcode", "video": "{{ steps.assemble.output.video }}"}
    default_policy = StepPolicy(timeout_s=900.0, max_attempts=1)

    def check(self, config: ClipsConfig) -> list[ConfigIssue]:
        if config.operation == "concatenate" and not config.videos:
            return [
                ConfigIssue("videos", "Say which videos to join, e.g. `{{ steps.scenes.output.results }}`.")
            ]
        if config.operation != "concatenate" and not config.video:
            return [ConfigIssue("video", "Say which video, e.g. `{{ steps.assemble.output.video }}`.")]
        if config.end_s is not None and config.end_s <= config.start_s:
            return [ConfigIssue("end_s", "The end must come after the start.")]
        return size_issues(config.width, config.height)

    def templates(self, config: ClipsConfig) -> list[TemplateField]:
        fields = [TemplateField("name", config.name)]
        if config.videos:
            fields.append(TemplateField("videos", config.videos))
        if config.video:
            fields.append(TemplateField("video", config.video))
        return fields

    async def execute(self, ctx: NodeContext, config: ClipsConfig) -> NodeResult:
        scope = scope_of(ctx)
        name = (await render(config.name, scope)).strip() or "clip.mp4"
        if config.operation == "concatenate":
            found = await render_value(config.videos or "", scope)
            if not isinstance(found, list) or not found:
                raise MediaInputInvalid("`videos` must give a non-empty list of video files.")
            if len(found) > MAX_CLIPS:
                raise MediaInputInvalid(f"{len(found)} videos: at most {MAX_CLIPS} at once.")
            inputs: list[Any] = [_video_of(item) for item in found]
        else:
            inputs = [await render_value(config.video or "", scope)]
        with tempfile.TemporaryDirectory(prefix="orrery-clips-") as folder:
            work = Path(folder)
            paths = [await _fetch(ctx, value, work / f"input-{i}", i) for i, value in enumerate(inputs)]
            try:
                if config.operation == "thumbnail":
                    thumb = await run_blocking(
                        lambda cancel, progress: edit.thumbnail(paths[0], work / "thumb.png", config.at_s)
                    )
                    image = await ctx.assets.save(
                        name if name.endswith(".png") else f"{name}.png", thumb.read_bytes()
                    )
                    return NodeResult(output={"image": image})
                clips = [
                    edit.Clip(p, config.start_s, config.end_s) if config.operation == "trim" else edit.Clip(p)
                    for p in paths
                ]
                spec = _spec(ctx, config)
                out = work / "out.mp4"

                async def on_progress(percent: int, eta: float | None) -> None:
                    await ctx.log(f"Rendering: {percent}%", percent=percent, eta_s=eta)

                rendered = await run_blocking(
                    lambda cancel, progress: edit.reencode(clips, out, spec, cancel, progress), on_progress
                )
            except RenderLimit as exc:
                raise RenderOverLimit(str(exc)) from None
            except RenderFailed as exc:
                raise RenderFailedError(str(exc)) from None
            video = await ctx.assets.save(name, await asyncio.to_thread(out.read_bytes))
        return NodeResult(
            output={
                "video": video,
                "duration_s": round(rendered.duration_s, 2),
                "width": rendered.width,
                "height": rendered.height,
            }
        )


def _video_of(item: Any) -> Any:
    """A list item: a video reference, or an output holding one (`{video: ref, ...}`)."""
    if isinstance(item, dict) and "asset_id" not in item and isinstance(item.get("video"), dict):
        return item["video"]
    return item


def _spec(ctx: NodeContext, config: ClipsConfig) -> media.VideoSpec:
    limits = getattr(ctx.assets, "limits", None)
    extra = (
        {
            "max_duration_s": limits.max_duration_s,
            "max_pixels": limits.max_pixels,
            "max_bytes": limits.max_bytes,
        }
        if limits is not None
        else {}
    )
    return media.VideoSpec(width=config.width, height=config.height, fps=config.fps, **extra)


async def _fetch(ctx: NodeContext, value: Any, path: Path, index: int) -> Path:
    reference, data = await ctx.assets.load(value)
    if not str(reference.get("mime", "")).startswith("video/"):
        raise MediaInputInvalid(
            f"Input {index} (`{reference.get('name')}`) is {reference.get('mime')}, not a video."
        )
    await asyncio.to_thread(path.write_bytes, data)
    return path
