"""The embedded Postgres asks every login for its password once it has one."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from orrery.dev.embedded_postgres import EmbeddedPostgres


def test_a_data_directory_made_before_passwords_is_switched_over_on_its_next_start(tmp_path: Path) -> None:
    # Given a data directory created by an older `orrery dev` (every local login trusted)
    old = EmbeddedPostgres(tmp_path / "pg")
    old.start()
    old.stop()

    # When it starts again with a superuser password (as `orrery dev` does now)
    server = EmbeddedPostgres(tmp_path / "pg", password="s3cret-superuser")
    server.start()
    try:
        # Then its URL works, and a login without the password, or with a wrong one, is refused
        with psycopg.connect(server.url()) as conn:
            assert conn.execute("select current_user").fetchone() == ("postgres",)
        for wrong in (None, "guess"):
            with pytest.raises(psycopg.OperationalError, match="password"):
                psycopg.connect(
                    server.url(password=wrong) if wrong else server.url().replace(":s3cret-superuser", "")
                )
    finally:
        server.stop()

    # And the next start with the same password works as before
    server.start()
    server.stop()


def test_the_wrong_superuser_password_says_where_the_right_one_is_kept(tmp_path: Path) -> None:
    # Given a data directory whose superuser has a password
    server = EmbeddedPostgres(tmp_path / "pg", password="the-right-one")
    server.start()
    server.stop()

    # When it is started with another one, then the launcher says what is wrong
    with pytest.raises(RuntimeError, match=r"secrets\.json"):
        EmbeddedPostgres(tmp_path / "pg", password="another-one").start()
