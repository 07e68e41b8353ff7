"""What reaches an execution from outside while it runs: a cancel, a request to look
again (a decision was recorded), a lost lease. The worker creates them before the run is
even loaded, so a cancel that arrives meanwhile is not missed."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field


@dataclass
class RunSignals:
    cancel: asyncio.Event = field(default_factory=asyncio.Event)
    reload: bool = False
    """A step changed outside the execution (an approval decided): look again."""
    lost: bool = False
    """Another worker took the run over: stop without another write."""
    wakeup: asyncio.Event = field(default_factory=asyncio.Event)
    """Set by any of these: the scheduling loop waits on it beside its steps."""

    def request_cancel(self) -> None:
        self.cancel.set()
        self.wakeup.set()

    def request_reload(self) -> None:
        self.reload = True
        self.wakeup.set()

    def lose(self) -> None:
        self.lost = True
        self.wakeup.set()
