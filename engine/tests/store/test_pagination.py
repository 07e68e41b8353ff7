"""One keyset pagination for every list (workflows, runs): newest first, an opaque cursor."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from orrery.errors import InvalidInput
from orrery.store.pagination import Keyset, decode_cursor, encode_cursor


def test_a_cursor_names_the_last_row_of_the_page_and_reads_back_the_same() -> None:
    # Given five rows, newest first
    now = datetime(2026, 12, 6, tzinfo=UTC)
    rows = [{"id": uuid.uuid4(), "created_at": now - timedelta(minutes=i)} for i in range(5)]
    keyset = Keyset("r.created_at", "r.id")

    # When a page of two is cut from the three fetched
    page, cursor = keyset.page(rows[:3], 2, "created_at")

    # Then it holds two rows, and its cursor leads after the second
    assert page == rows[:2]
    assert cursor is not None
    assert decode_cursor(cursor) == (rows[1]["created_at"], str(rows[1]["id"]))
    where, params = keyset.after(cursor)
    assert where == "(r.created_at, r.id) < (%s, %s)"
    assert params == [rows[1]["created_at"], str(rows[1]["id"])]
    # and the last page has no cursor
    assert keyset.page(rows[3:], 2, "created_at") == (rows[3:], None)
    assert keyset.after(None) == ("true", [])


@pytest.mark.parametrize(
    "cursor",
    ["not-base64!", "W10=", encode_cursor(datetime(2026, 1, 1, tzinfo=UTC), "not-a-uuid"), "eyJhIjogMX0="],
)
def test_a_cursor_this_api_did_not_give_is_refused_naming_the_field(cursor: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        decode_cursor(cursor)
    assert refused.value.errors == [{"field": "cursor", "message": "invalid"}]
