"""What users do with their provider keys, and how the worker reads one.

Each action is one transaction as the user, so RLS is the access control: another
user's credential is not there (404, never 403). The key is encrypted before it leaves
this process, with associated data binding it to its owner and row; `resolve` (the
worker, acting as the run's owner) is the only place it is decrypted.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import psycopg

from orrery.agents.catalog import PROVIDERS
from orrery.agents.credential import ResolvedCredential
from orrery.agents.errors import CredentialMissing, CredentialUnreadable
from orrery.credentials.errors import CredentialsNotConfigured
from orrery.credentials.models import (
    CredentialCreate,
    CredentialLimitsUpdate,
    CredentialRead,
    ModelProviderRead,
)
from orrery.crypto import CredentialCipher, Sealed, Undecryptable, key_hint
from orrery.errors import Conflict, InvalidInput, NotFound
from orrery.store import credentials as store
from orrery.store.database import Database


@dataclass
class CredentialService:
    db: Database
    cipher: CredentialCipher | None
    """None when the engine has no master key: nothing can be saved or read."""

    def providers(self) -> list[ModelProviderRead]:
        return [
            ModelProviderRead(
                id=p.id,
                label=p.label,
                needs_credential=p.needs_credential,
                base_url=p.base_url,
                example_models=list(p.example_models),
            )
            for p in PROVIDERS.values()
        ]

    async def list(self, claims: Mapping[str, Any]) -> list[CredentialRead]:
        async with self.db.as_user(claims) as conn:
            rows = await store.list_credentials(conn)
        return [_read(row) for row in rows]

    async def create(self, claims: Mapping[str, Any], data: CredentialCreate) -> CredentialRead:
        cipher = self._cipher()
        label, secret, base_url = _validated(data)
        owner_id = str(claims.get("sub", ""))
        credential_id = str(uuid.uuid4())
        sealed = cipher.seal(secret, owner_id=owner_id, credential_id=credential_id)
        try:
            async with self.db.as_user(claims) as conn:
                row = await store.insert_credential(
                    conn,
                    credential_id=credential_id,
                    provider=data.provider,
                    label=label,
                    base_url=base_url,
                    ciphertext=sealed.ciphertext,
                    nonce=sealed.nonce,
                    key_hint=key_hint(secret),
                )
        except psycopg.errors.UniqueViolation:
            raise Conflict(f"You already have a key labelled “{label}”.") from None
        assert str(row["owner_id"]) == owner_id, "RLS gave the row another owner"
        return _read(row)

    async def set_limits(
        self, claims: Mapping[str, Any], credential_id: str, data: CredentialLimitsUpdate
    ) -> CredentialRead:
        """The owner's own per-minute limits on one of their keys (404 for anyone else's)."""
        async with self.db.as_user(claims) as conn:
            row = await store.set_limits(
                conn, credential_id, data.requests_per_minute, data.tokens_per_minute
            )
        if row is None:
            raise NotFound("credential not found")
        return _read(row)

    async def delete(self, claims: Mapping[str, Any], credential_id: str) -> None:
        async with self.db.as_user(claims) as conn:
            if not await store.delete_credential(conn, credential_id):
                raise NotFound("credential not found")

    async def resolve(self, claims: Mapping[str, Any], credential_id: str) -> ResolvedCredential:
        """The decrypted credential, for the worker acting as `claims` (the run owner).
        Raises `CredentialMissing` / `CredentialUnreadable` (agent errors: the step fails)."""
        if self.cipher is None:
            raise CredentialUnreadable(
                "This worker has no ORRERY_MASTER_KEY, so saved keys cannot be used; the demo model can."
            )
        try:
            uuid.UUID(credential_id)
        except ValueError:
            raise CredentialMissing("The saved key this agent names was not found.") from None
        async with self.db.as_user(claims) as conn:
            row = await store.fetch_sealed(conn, credential_id)
        if row is None:
            raise CredentialMissing(
                "The saved key this agent names was not found (deleted?). Choose another."
            )
        try:
            secret = self.cipher.open(
                Sealed(ciphertext=bytes(row["ciphertext"]), nonce=bytes(row["nonce"])),
                owner_id=str(row["owner_id"]),
                credential_id=str(row["id"]),
            )
        except Undecryptable:
            raise CredentialUnreadable(
                "This saved key cannot be decrypted (was ORRERY_MASTER_KEY changed?). Add the key again."
            ) from None
        return ResolvedCredential(
            id=str(row["id"]),
            provider=row["provider"],
            label=row["label"],
            api_key=secret,
            base_url=row["base_url"],
            requests_per_minute=row["requests_per_minute"],
            tokens_per_minute=row["tokens_per_minute"],
        )

    def _cipher(self) -> CredentialCipher:
        if self.cipher is None:
            raise CredentialsNotConfigured(
                "Saving provider keys needs ORRERY_MASTER_KEY on the engine (see .env.example); "
                "until then agents can use the offline demo model."
            )
        return self.cipher


def _validated(data: CredentialCreate) -> tuple[str, str, str | None]:
    problems: list[dict[str, object]] = []
    label = data.label.strip()
    secret = data.api_key.strip()
    base_url = (data.base_url or "").strip() or None
    if not label:
        problems.append({"field": "label", "message": "Give the key a label."})
    if any(ord(c) < 32 or c.isspace() for c in secret):
        problems.append({"field": "api_key", "message": "An API key has no spaces or line breaks."})
    if data.provider == "openai_compatible":
        if base_url is None:
            problems.append(
                {"field": "base_url", "message": "An OpenAI-compatible endpoint needs its base URL."}
            )
        else:
            parts = urlsplit(base_url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                problems.append({"field": "base_url", "message": "The base URL must be an http(s) URL."})
            elif parts.username or parts.password:
                problems.append(
                    {"field": "base_url", "message": "Put the key in the API key field, not in the URL."}
                )
    else:
        if base_url is not None:
            problems.append(
                {"field": "base_url", "message": "Only OpenAI-compatible endpoints take a base URL."}
            )
        if not secret:
            problems.append({"field": "api_key", "message": "Paste the provider's API key."})
    if problems:
        raise InvalidInput(str(problems[0]["message"]), problems)
    return label, secret, base_url


def _read(row: Mapping[str, Any]) -> CredentialRead:
    return CredentialRead(
        id=row["id"],
        provider=row["provider"],
        label=row["label"],
        base_url=row["base_url"],
        key_hint=row["key_hint"],
        requests_per_minute=row.get("requests_per_minute"),
        tokens_per_minute=row.get("tokens_per_minute"),
        created_at=row["created_at"],
    )
