"""Workflows as objects users own: create, read, version, validate, import/export, templates.

service = WorkflowService(db)                 # one per process, built in the lifespan
page = await service.list_workflows(claims, search="video")
created = await service.create(claims, WorkflowCreate(name="Demo", spec={...}))
"""

from __future__ import annotations

from orrery.workflows.errors import StaleVersion
from orrery.workflows.service import WorkflowService

__all__ = ["StaleVersion", "WorkflowService"]
