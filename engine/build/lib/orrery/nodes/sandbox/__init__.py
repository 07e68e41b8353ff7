"""The bounded template sandbox: what a user's template may cost a worker, and where it runs.

- `budget.py`   the allowance of one render (operations, time, what it builds), counted as it runs
- `sizes.py`    measuring values (and `%` formats) before anything large is built
- `guards.py`   every filter and call counted, amplifying ones prechecked
- `environment.py` the Jinja environment that routes loops, operators, joins and output through them
- `compiler.py` compiling with the spec's complexity limits; which templates are trivially cheap
- `pool.py`     the threads that render the others, off the event loop

`orrery.nodes.templates` is the API the node types use.
"""
