"""Keyset pagination, one way for every list: newest first on (a timestamp, id), the
cursor an opaque token naming the last row of the page before.

    keyset = Keyset("r.created_at", "r.id")
    where, params = keyset.after(cursor)      # "(r.created_at, r.id) < (%s, %s)", or "true"
    rows = ... order by {keyset.order} limit {limit + 1}
    page, next_cursor = keyset.page(rows, limit, "created_at")
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from orrery.errors import InvalidInput

Row = dict[str, Any]


def encode_cursor(at: datetime, row_id: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([at.isoformat(), row_id]).encode()).decode()


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """(timestamp, id) from a cursor; `InvalidInput` naming the `cursor` field otherwise."""
    try:
        at, row_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return datetime.fromisoformat(at), str(UUID(row_id))
    except (ValueError, TypeError, AttributeError) as exc:
        raise InvalidInput(
            "cursor is not a cursor this API returned", [{"field": "cursor", "message": "invalid"}]
        ) from exc


@dataclass(frozen=True, slots=True)
class Keyset:
    column: str
    """The timestamp column, as the query names it (e.g. `w.updated_at`)."""
    id_column: str

    @property
    def order(self) -> str:
        return f"{self.column} desc, {self.id_column} desc"

    def after(self, cursor: str | None) -> tuple[str, list[Any]]:
        """The condition for rows after the cursor (and its parameters)."""
        if not cursor:
            return "true", []
        at, row_id = decode_cursor(cursor)
        return f"({self.column}, {self.id_column}) < (%s, %s)", [at, row_id]

    def page(self, rows: list[Row], limit: int, key: str, id_key: str = "id") -> tuple[list[Row], str | None]:
        """The first `limit` rows (fetched `limit + 1`), and the cursor to the next page if any."""
        if len(rows) <= limit:
            return rows, None
        last = rows[limit - 1]
        return rows[:limit], encode_cursor(last[key], str(last[id_key]))
