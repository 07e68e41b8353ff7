"""Provider keys at rest: AES-256-GCM, a nonce per row, bound to owner and row."""

from __future__ import annotations

import os

import pytest

from orrery.crypto import CredentialCipher, Sealed, Undecryptable, key_hint

OWNER = "9b7d3c1e-0000-4000-8000-000000000001"
OTHER = "9b7d3c1e-0000-4000-8000-000000000002"


def test_a_sealed_key_opens_only_for_its_owner_and_row() -> None:
    # Given a key sealed for one owner's row
    cipher = CredentialCipher(os.urandom(32))
    sealed = cipher.seal("sk-secret-value", owner_id=OWNER, credential_id="row-1")

    # Then the ciphertext does not contain it, and it opens for that owner and row
    assert b"sk-secret-value" not in sealed.ciphertext
    assert cipher.open(sealed, owner_id=OWNER, credential_id="row-1") == "sk-secret-value"
    # but not for another user, nor for another row (a copied ciphertext is useless)
    with pytest.raises(Undecryptable):
        cipher.open(sealed, owner_id=OTHER, credential_id="row-1")
    with pytest.raises(Undecryptable):
        cipher.open(sealed, owner_id=OWNER, credential_id="row-2")


def test_another_master_key_or_a_flipped_bit_does_not_open() -> None:
    sealed = CredentialCipher(os.urandom(32)).seal("sk-1", owner_id=OWNER, credential_id="r")
    with pytest.raises(Undecryptable, match="master key"):
        CredentialCipher(os.urandom(32)).open(sealed, owner_id=OWNER, credential_id="r")
    cipher = CredentialCipher(os.urandom(32))
    good = cipher.seal("sk-1", owner_id=OWNER, credential_id="r")
    tampered = Sealed(ciphertext=bytes([good.ciphertext[0] ^ 1]) + good.ciphertext[1:], nonce=good.nonce)
    with pytest.raises(Undecryptable):
        cipher.open(tampered, owner_id=OWNER, credential_id="r")


def test_every_seal_has_its_own_nonce() -> None:
    cipher = CredentialCipher(os.urandom(32))
    nonces = {cipher.seal("same", owner_id=OWNER, credential_id="r").nonce for _ in range(50)}
    assert len(nonces) == 50
    assert all(len(n) == 12 for n in nonces)


def test_the_hint_shows_at_most_four_characters_and_a_quarter_of_the_key() -> None:
    assert key_hint("sk-proj-abcdefghijklmnop1234") == "1234"
    assert key_hint("abcdefgh") == "gh"
    assert key_hint("abc") == ""
    assert key_hint("") == ""


def test_the_master_key_must_be_32_bytes() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        CredentialCipher(b"short")
