"""Actors the worker runs, imported after `setup_broker()`.

The runner's `start_run` / `resume_run` actors and the sweeper are declared
here as they land (see ROADMAP.md).
"""

from __future__ import annotations
