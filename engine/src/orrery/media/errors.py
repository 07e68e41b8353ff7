"""The media package's errors: what a file or a render can be refused or fail with."""

from __future__ import annotations

from orrery.errors import InvalidInput, OrreryError, PayloadTooLarge


class MediaError(OrreryError):
    """Base of the media package's errors."""


class MediaRejected(MediaError, InvalidInput):
    """A file is not of an accepted type, is malformed, or is over a dimension/duration limit."""


class MediaTooLarge(MediaError, PayloadTooLarge):
    """A file (uploaded or rendered) is over the size limit."""


class RenderFailed(MediaError):
    """FFmpeg (or Pillow) could not render: the message is its reason."""


class RenderLimit(RenderFailed):
    """What a render would make is over a limit (duration, resolution, size)."""


class RenderCancelled(MediaError):
    """The render was cancelled (its step was cancelled or timed out)."""
