"""What the media node types (`image`, `speech`, `video`) fail with."""

from __future__ import annotations

from orrery.nodes.errors import NodeError


class MediaInputInvalid(NodeError):
    """An input is not what the node needs (a scene without an image, a file that is not audio)."""

    code = "media_input_invalid"


class RenderFailedError(NodeError):
    """FFmpeg or Pillow could not render; the message is its reason."""

    code = "render_failed"


class RenderOverLimit(NodeError):
    """What the render would make is over a limit (duration, resolution, size)."""

    code = "render_over_limit"
