"""The crypto package's errors."""

from __future__ import annotations

from orrery.errors import OrreryError


class CryptoError(OrreryError):
    """Sealing or opening a secret failed."""


class Undecryptable(CryptoError):
    """A sealed secret does not open under this master key for this owner and row (the key
    changed, or the ciphertext was copied or tampered with)."""
