"""Secrets at rest: AES-256-GCM under the engine's master key (`ORRERY_MASTER_KEY`).

Used by `credentials` (users' provider keys) and, later, workflow secrets. Imports
nothing of ours but `orrery.errors`, so every package above it may seal and open.
"""

from __future__ import annotations

from orrery.crypto.cipher import CredentialCipher, Sealed, associated_data, key_hint
from orrery.crypto.errors import CryptoError, Undecryptable

__all__ = ["CredentialCipher", "CryptoError", "Sealed", "Undecryptable", "associated_data", "key_hint"]
