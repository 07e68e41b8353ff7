"""Media on FFmpeg (PyAV, whose wheel ships FFmpeg) and Pillow: recognising files by their
bytes and refusing decompression bombs (`probe`), rendering videos from images and audio
(`render`), subtitles (`subtitles`), and the offline demo generators (`demo`).

Pure functions on files: no database, no events. Renders are blocking and run in a thread
(`jobs.run_blocking`), checking a cancel flag between frames, so a worker's event loop never
waits on FFmpeg and a cancelled step stops within a frame or two.
"""

from __future__ import annotations

from orrery.media.errors import MediaError, MediaRejected, MediaTooLarge, RenderCancelled, RenderFailed
from orrery.media.probe import MediaInfo, inspect_file, sniff

__all__ = [
    "MediaError",
    "MediaInfo",
    "MediaRejected",
    "MediaTooLarge",
    "RenderCancelled",
    "RenderFailed",
    "inspect_file",
    "sniff",
]
