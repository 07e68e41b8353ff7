"""Provider keys at rest: AES-256-GCM under the master key (`ORRERY_MASTER_KEY`).

Every row gets its own random 96-bit nonce. The associated data binds a ciphertext to
its owner and row (`orrery.credential.v1:<owner id>:<credential id>`): a ciphertext
copied to another user's row, or to another row of the same user, does not decrypt.
The master key never reaches the database.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from orrery.crypto.errors import Undecryptable

NONCE_BYTES: Final = 12
_CONTEXT: Final = "orrery.credential.v1"


@dataclass(frozen=True, slots=True)
class Sealed:
    ciphertext: bytes
    nonce: bytes


def associated_data(owner_id: str, credential_id: str) -> bytes:
    return f"{_CONTEXT}:{owner_id}:{credential_id}".encode()


class CredentialCipher:
    """Seals and opens provider keys; one per process, built from the master key."""

    def __init__(self, master_key: bytes) -> None:
        if len(master_key) != 32:
            raise ValueError("the master key must be 32 bytes")
        self._aead = AESGCM(master_key)

    def __repr__(self) -> str:
        return "CredentialCipher(<master key>)"

    def seal(self, secret: str, *, owner_id: str, credential_id: str) -> Sealed:
        nonce = os.urandom(NONCE_BYTES)
        ciphertext = self._aead.encrypt(nonce, secret.encode(), associated_data(owner_id, credential_id))
        return Sealed(ciphertext=ciphertext, nonce=nonce)

    def open(self, sealed: Sealed, *, owner_id: str, credential_id: str) -> str:
        """The secret. Raises `Undecryptable` if the key, owner or row does not match."""
        try:
            plain = self._aead.decrypt(
                sealed.nonce, sealed.ciphertext, associated_data(owner_id, credential_id)
            )
        except (InvalidTag, ValueError):
            raise Undecryptable("the sealed secret does not open under this master key") from None
        return plain.decode()


def key_hint(secret: str) -> str:
    """What the settings page shows of a key: its last 4 characters, fewer for short keys
    (never more than a quarter of it), nothing for a very short one."""
    secret = secret.strip()
    shown = min(4, len(secret) // 4)
    return secret[-shown:] if shown >= 2 else ""
