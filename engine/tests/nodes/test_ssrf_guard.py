"""The SSRF guard's address rules, and DNS answers that lead to private addresses.

(These test `orrery.net`; they live here because the http node is its user.)
"""

from __future__ import annotations

import ipaddress

import pytest

from orrery.net import AddressGuard, BlockedAddress, ResolutionFailed, blocked_reason


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.1.1", "link-local"),
        ("169.254.169.254", "metadata"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("100.100.100.200", "metadata"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("192.0.2.10", "reserved"),
        ("198.18.0.1", "reserved"),
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("fd00:ec2::254", "metadata"),
        ("ff02::1", "multicast"),
        ("fec0::1", "site-local"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:169.254.169.254", "metadata"),
        ("64:ff9b::a00:1", "private"),
        ("2002:a00:1::", "private"),
        ("2001:db8::1", "reserved"),
    ],
)
def test_addresses_outside_the_public_internet_are_refused(address: str, words: str) -> None:
    reason = blocked_reason(ipaddress.ip_address(address))
    assert reason is not None
    assert words in reason


@pytest.mark.parametrize("address", ["93.184.215.14", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address)) is None


def test_allowing_private_networks_never_allows_metadata_or_multicast() -> None:
    # Given the explicit opt-in (tests, self-hosted LANs)
    for address in ("127.0.0.1", "10.0.0.1", "::1", "::ffff:192.168.0.1"):
        assert blocked_reason(ipaddress.ip_address(address), allow_private_networks=True) is None
    for address in ("169.254.169.254", "fd00:ec2::254", "::ffff:169.254.169.254", "224.0.0.1", "0.0.0.0"):
        assert blocked_reason(ipaddress.ip_address(address), allow_private_networks=True) is not None


def _dns(answers: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    """The outside world's DNS, as a fake resolver."""

    async def resolve(host: str, port: int) -> list[str]:
        if host not in answers:
            raise OSError(f"[Errno -2] Name or service not known: {host}")
        return answers[host]

    return resolve


DNS = _dns(
    {
        "example.com": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
        "internal.example.com": ["10.0.0.7"],
        "rebind.example.com": ["93.184.215.14", "127.0.0.1"],
        "metadata.example.com": ["169.254.169.254"],
        "mapped.example.com": ["::ffff:10.0.0.1"],
        "empty.example.com": [],
    }
)


async def test_a_public_name_resolves_to_checked_addresses() -> None:
    guard = AddressGuard(resolver=DNS)
    addresses = await guard.addresses("example.com", 443)
    assert [str(a) for a in addresses] == ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]


@pytest.mark.parametrize(
    ("host", "words"),
    [
        ("internal.example.com", "10.0.0.7"),
        ("rebind.example.com", "127.0.0.1"),
        ("metadata.example.com", "metadata"),
        ("mapped.example.com", "private"),
        ("127.0.0.1", "loopback"),
        ("[::1]", "loopback"),
    ],
)
async def test_names_that_resolve_to_private_addresses_are_refused(host: str, words: str) -> None:
    # Given DNS answers that point (partly) inside
    guard = AddressGuard(resolver=DNS)

    # Then the guard refuses the host, naming the address
    with pytest.raises(BlockedAddress, match=words):
        await guard.addresses(host, 80)


async def test_unresolvable_names_are_a_resolution_failure() -> None:
    guard = AddressGuard(resolver=DNS)
    with pytest.raises(ResolutionFailed):
        await guard.addresses("nowhere.example.com", 80)
    with pytest.raises(ResolutionFailed):
        await guard.addresses("empty.example.com", 80)


async def test_private_answers_pass_only_with_the_explicit_opt_in() -> None:
    guard = AddressGuard(resolver=DNS, allow_private_networks=True)
    assert [str(a) for a in await guard.addresses("internal.example.com", 80)] == ["10.0.0.7"]
    with pytest.raises(BlockedAddress):
        await guard.addresses("metadata.example.com", 80)
