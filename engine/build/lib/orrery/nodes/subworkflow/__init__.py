"""`subworkflow`: run another of the owner's workflows as one step, as a child run (see `node.py`)."""

from __future__ import annotations

from orrery.nodes.subworkflow.node import SubworkflowConfig, SubworkflowNode

__all__ = ["SubworkflowConfig", "SubworkflowNode"]
