"""Orrery engine: durable, parallel execution of AI-agent workflows."""

__version__ = "0.1.0"
