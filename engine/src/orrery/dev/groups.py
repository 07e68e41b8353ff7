"""Signals to a child's process group that never reach another program's group.

A child started in a session of its own (`start_new_session=True`) leads a process group
whose id is its own pid. Once the child has exited and been reaped, and no process of its
group is left, that id is free, and the system hands it out again when ids wrap around
(`/proc/sys/kernel/pid_max`, 32768 on our machines): a `killpg` sent late, say by a second
`stop()`, then reaches whatever new session leader got the id, another test run's Postgres
or worker. So a group is signalled only while its id is still certainly that group's:

- its leader is not reaped yet (alive, or a zombie, which keeps its id taken), or
- its leader is reaped but members are left: they keep the id taken, so no process can
  have it as its pid. A process that does means the id was given out again.
"""

from __future__ import annotations

import os
import subprocess
from typing import Any


def signal_group(process: subprocess.Popen[Any], sig: int) -> bool:
    """Send `sig` to the group `process` leads, unless that group is gone and its id was
    given to another process. True if the signal was sent."""
    if process.returncode is not None and _is_running(process.pid):
        return False
    try:
        os.killpg(process.pid, sig)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def _is_running(pid: int) -> bool:
    """A process has this pid (ours or not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
