"""The embedded dev stack: `orrery dev` and the servers it starts."""
