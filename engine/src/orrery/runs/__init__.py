"""The API side of runs: start, list, read (one consistent snapshot), cancel, decide an
approval, retry; and the editor's workbench (`workbench`: test one node, pins, forks).
Shaped like `workflows/`: `service`, `models`, `errors`; its SQL is in
`orrery.store.runs`, its state changes in `orrery.events.transitions`. Execution is
`orrery.runner`'s; the two meet only in Postgres and on the queue."""

from __future__ import annotations

from orrery.runs.models import (
    MANUAL,
    Decision,
    ForkRequest,
    LogRead,
    NodeTestRequest,
    PinRead,
    PinWrite,
    RetryRequest,
    RunCreate,
    RunKind,
    RunPage,
    RunRead,
    RunStarted,
    StepRead,
    Trigger,
    TriggerKind,
    started,
)
from orrery.runs.service import ControlPublisher, RunService, Started
from orrery.runs.workbench import Workbench

__all__ = [
    "MANUAL",
    "ControlPublisher",
    "Decision",
    "ForkRequest",
    "LogRead",
    "NodeTestRequest",
    "PinRead",
    "PinWrite",
    "RetryRequest",
    "RunCreate",
    "RunKind",
    "RunPage",
    "RunRead",
    "RunService",
    "RunStarted",
    "Started",
    "StepRead",
    "Trigger",
    "TriggerKind",
    "Workbench",
    "started",
]
