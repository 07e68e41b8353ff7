"""Named secrets for node configurations: saved encrypted, listed by name only, replaced,
deleted, and resolved (decrypted) only by the worker for the run's owner.

A value is sealed like a provider key (AES-256-GCM under ORRERY_MASTER_KEY), with
associated data binding it to its owner and name: a ciphertext copied to another name or
user does not open. The API never returns a value; `resolve` is the only way back, and
the runner redacts what it resolved from everything a step leaves behind
(`orrery.runner.redaction`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

import msgspec

from orrery.credentials.errors import CredentialsNotConfigured, SecretMissing, SecretUnreadable
from orrery.crypto import CredentialCipher, Sealed, Undecryptable
from orrery.errors import InvalidInput, NotFound
from orrery.store import secrets as store
from orrery.store.database import Database

NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
MAX_VALUE_CHARS = 65_536


class SecretPut(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    value: Annotated[str, msgspec.Meta(min_length=4, max_length=MAX_VALUE_CHARS)]
    """The secret itself (at least 4 characters, so it can be told apart and redacted): stored
    encrypted, never shown again."""


class SecretRead(msgspec.Struct, kw_only=True):
    name: str
    """Use it in a node's config as `{{ secrets.NAME }}`."""
    created_at: datetime
    updated_at: datetime


def check_name(name: str) -> str:
    if not NAME.match(name):
        raise InvalidInput(
            "A secret's name is a letter or `_` then letters, digits or `_` (at most 64), "
            "e.g. `SLACK_TOKEN`.",
            [{"field": "name", "message": "not a valid secret name"}],
        )
    return name


def _bound_to(name: str) -> str:
    return f"secret:{name}"


@dataclass
class SecretService:
    db: Database
    cipher: CredentialCipher | None
    """None when the engine has no master key: nothing can be saved or read."""

    async def list(self, claims: Mapping[str, Any]) -> list[SecretRead]:
        async with self.db.as_user(claims) as conn:
            rows = await store.list_secrets(conn)
        return [msgspec.convert(row, SecretRead) for row in rows]

    async def names(self, claims: Mapping[str, Any]) -> set[str]:
        async with self.db.as_user(claims) as conn:
            return await store.names(conn)

    async def put(self, claims: Mapping[str, Any], name: str, data: SecretPut) -> tuple[SecretRead, bool]:
        """Add the secret, or replace its value; (secret, created)."""
        if self.cipher is None:
            raise CredentialsNotConfigured(
                "Saving secrets needs ORRERY_MASTER_KEY on the engine (see .env.example)."
            )
        check_name(name)
        sealed = self.cipher.seal(
            data.value, owner_id=str(claims.get("sub", "")), credential_id=_bound_to(name)
        )
        async with self.db.as_user(claims) as conn:
            row, created = await store.put_secret(
                conn, name=name, ciphertext=sealed.ciphertext, nonce=sealed.nonce
            )
        return msgspec.convert({k: row[k] for k in SecretRead.__struct_fields__}, SecretRead), created

    async def delete(self, claims: Mapping[str, Any], name: str) -> None:
        check_name(name)
        async with self.db.as_user(claims) as conn:
            if not await store.delete_secret(conn, name):
                raise NotFound(f"secret {name} not found")

    async def resolve(self, claims: Mapping[str, Any], wanted: Sequence[str]) -> dict[str, str]:
        """The named secrets' values, for the worker acting as `claims` (the run's owner).
        Raises `SecretMissing` / `SecretUnreadable` (step errors: the step fails)."""
        if not wanted:
            return {}
        async with self.db.as_user(claims) as conn:
            rows = await store.fetch_sealed(conn, sorted(set(wanted)))
        missing = sorted(set(wanted) - {row["name"] for row in rows})
        if missing:
            names = ", ".join(f"`{n}`" for n in missing)
            raise SecretMissing(f"The secret {names} does not exist: add it in Settings → Secrets.")
        if self.cipher is None:
            raise SecretUnreadable("This worker has no ORRERY_MASTER_KEY, so secrets cannot be used.")
        values: dict[str, str] = {}
        for row in rows:
            try:
                values[row["name"]] = self.cipher.open(
                    Sealed(ciphertext=bytes(row["ciphertext"]), nonce=bytes(row["nonce"])),
                    owner_id=str(row["owner_id"]),
                    credential_id=_bound_to(row["name"]),
                )
            except Undecryptable:
                raise SecretUnreadable(
                    f"The secret `{row['name']}` cannot be decrypted (was ORRERY_MASTER_KEY changed?): "
                    "set it again."
                ) from None
        return values
