"""Which address an attempt is counted under: the peer's, unless a trusted proxy (with the secret) says."""

from __future__ import annotations

import pytest

from orrery.auth.local.clients import ProxyTrust, client_address, limit_bucket

WEB = ProxyTrust.from_settings(["127.0.0.1", "::1"], "s3cret")


@pytest.mark.parametrize(
    ("peer", "forwarded", "secret", "trust", "expected"),
    [
        ("203.0.113.9", "1.2.3.4", None, ProxyTrust(), "203.0.113.9"),
        ("127.0.0.1", "1.2.3.4", None, ProxyTrust(), "127.0.0.1"),
        ("127.0.0.1", "1.2.3.4", None, WEB, "127.0.0.1"),
        ("127.0.0.1", "1.2.3.4", "wrong", WEB, "127.0.0.1"),
        ("127.0.0.1", "1.2.3.4", "s3cret", WEB, "1.2.3.4"),
        ("::1", "9.9.9.9, 1.2.3.4", "s3cret", WEB, "1.2.3.4"),
        ("127.0.0.1", "not an address", "s3cret", WEB, "127.0.0.1"),
        ("10.0.0.7", "1.2.3.4", "s3cret", WEB, "10.0.0.7"),
        ("::ffff:127.0.0.1", "1.2.3.4", "s3cret", WEB, "1.2.3.4"),
        ("testclient", "1.2.3.4", "s3cret", WEB, "testclient"),
        ("10.1.2.3", "1.2.3.4", None, ProxyTrust.from_settings(["10.0.0.0/8"], None), "1.2.3.4"),
    ],
    ids=[
        "no proxy trusted",
        "loopback is not trusted by default",
        "a trusted peer without the secret",
        "a trusted peer with a wrong secret",
        "the web app with the secret",
        "only the right-most entry, the one the proxy saw",
        "garbage from a trusted proxy",
        "a peer outside the trusted networks",
        "an IPv4-mapped peer",
        "a peer that is not an address",
        "a trusted network, no secret configured",
    ],
)
def test_the_client_address(
    peer: str, forwarded: str, secret: str | None, trust: ProxyTrust, expected: str
) -> None:
    assert client_address(peer, forwarded, secret, trust) == expected


def test_ipv6_clients_are_counted_per_64() -> None:
    assert limit_bucket("2001:db8:1:2:aaaa::1") == limit_bucket("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert limit_bucket("192.0.2.1") == "192.0.2.1"
