"""Starter templates: one JSON file per template in this folder, its slug the file name.

Each file is `{"order", "name", "description", "spec"}`, `spec` an `orrery.workflow/v1`
document that validates with no problems (a test holds every template to that).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

import msgspec


@dataclass(frozen=True, slots=True)
class Template:
    slug: str
    name: str
    description: str
    spec: dict[str, Any]


class _File(msgspec.Struct, forbid_unknown_fields=True):
    order: int
    name: str
    description: str
    spec: dict[str, Any]


@functools.cache
def load_templates() -> tuple[Template, ...]:
    """Every template, in gallery order."""
    found: list[tuple[int, Template]] = []
    for entry in resources.files(__package__).iterdir():
        if not entry.name.endswith(".json"):
            continue
        data = msgspec.json.decode(entry.read_bytes(), type=_File)
        slug = entry.name.removesuffix(".json")
        found.append((data.order, Template(slug, data.name, data.description, data.spec)))
    return tuple(template for _, template in sorted(found, key=lambda pair: (pair[0], pair[1].slug)))


def find_template(slug: str) -> Template | None:
    return next((t for t in load_templates() if t.slug == slug), None)
