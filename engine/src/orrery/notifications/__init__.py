"""A user's notifications: approvals waiting, runs failed, schedules disabled.

Rows are made where those things happen, in their transaction: an approval step parking (the
runner, `runner.waits`), a run failing or a schedule pausing itself (the `runs_on_ended` trigger
in the database, and the scheduler). This package reads them for the inbox, marks them read,
and sends them on to the user's outgoing webhook and email (`delivery`).
"""

from __future__ import annotations
