"""The workflow service's own errors, specialising the engine's tree (`orrery.errors`)."""

from __future__ import annotations

from orrery.errors import Conflict


class StaleVersion(Conflict):
    """The update was based on a version that is no longer current (409, with the current one)."""

    def __init__(self, based_on: int, current_version: int) -> None:
        super().__init__(
            f"the workflow was saved since version {based_on}: its current version is {current_version}"
        )
        self.based_on = based_on
        self.current_version = current_version
