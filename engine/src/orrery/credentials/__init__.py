"""Users' model-provider credentials: saved encrypted (AES-256-GCM under the master key),
listed without the secret, deleted, and resolved (decrypted) only by the worker for
the run's owner. `orrery.api.credentials` is its HTTP face; the runner's step context
calls `resolve`."""

from __future__ import annotations

from orrery.credentials.errors import CredentialsNotConfigured
from orrery.credentials.models import CredentialCreate, CredentialRead, ModelProviderRead
from orrery.credentials.secrets import SecretPut, SecretRead, SecretService
from orrery.credentials.service import CredentialService

__all__ = [
    "CredentialCreate",
    "CredentialRead",
    "CredentialService",
    "CredentialsNotConfigured",
    "ModelProviderRead",
    "SecretPut",
    "SecretRead",
    "SecretService",
]
