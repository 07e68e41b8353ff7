"""The runner's own errors (a lost lease is `orrery.errors.LeaseLost`, shared with the store)."""

from __future__ import annotations

from orrery.errors import OrreryError


class CancelRequested(OrreryError):
    """A write that would end or park the run found a cancel requested first: it was not
    made, and the run is to end cancelled instead."""
