"""What the media node types (`image`, `speech`, `video`) fail with."""

from __future__ import annotations

from orrery.nodes.errors import NodeError
from orrery.spec import ConfigIssue


def size_issues(width: int, height: int) -> list[ConfigIssue]:
    """H.264 in yuv420p needs even frame sizes."""
    return [
        ConfigIssue(name, f"{value} is odd: video sizes must be even.")
        for name, value in (("width", width), ("height", height))
        if value % 2
    ]


class MediaInputInvalid(NodeError):
    """An input is not what the node needs (a scene without an image, a file that is not audio)."""

    code = "media_input_invalid"


class RenderFailedError(NodeError):
    """FFmpeg or Pillow could not render; the message is its reason."""

    code = "render_failed"


class RenderOverLimit(NodeError):
    """What the render would make is over a limit (duration, resolution, size)."""

    code = "render_over_limit"
