"""Execution only: lease a run, schedule its ready nodes, execute their attempts, commit
every transition (built in `orrery.events.transitions`).

- `execution`: `execute_run` and `RunExecution`, the top level's scheduling loop.
- `frames`: one level being scheduled (the top level, or one iteration of a container's body).
- `containers`: a container step's attempt, its body's iterations (map items, loop rounds).
- `attempts`: one node's attempts (start, execute, retry, record; a failure down its error branch).
- `waits`: steps waiting for a verdict (park, pick up decisions, time out).
- `endings`: succeeded, failed, cancelled, parked.
- `lease`, `committer`, `state`, `plan`, `context`, `budget`, `signals`, `deps`, `failpoints`.
- `sweeper`: hands abandoned runs to a worker again.

The API side of runs (start, list, read, cancel, decide, retry) is `orrery.runs`.
"""
