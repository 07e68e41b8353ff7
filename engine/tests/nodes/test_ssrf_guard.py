"""The SSRF guard's address rules, and DNS answers that lead to private addresses.

(These test `orrery.net`; they live here because the http node is its user.)
"""

from __future__ import annotations

import ipaddress

import pytest

from orrery.errors import ConfigurationError
from orrery.net import (
    AddressGuard,
    BlockedAddress,
    ResolutionFailed,
    SafeHttpClient,
    blocked_reason,
    parse_allowed_host,
)
from orrery.settings import load_settings
from tests.nodes.conftest import LocalServer


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


_ANSWERS: dict[str, list[str]] = {
    "example.com": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
    "internal.example.com": ["10.0.0.7"],
    "rebind.example.com": ["93.184.215.14", "127.0.0.1"],
    "metadata.example.com": ["169.254.169.254"],
    "mapped.example.com": ["::ffff:10.0.0.1"],
    "empty.example.com": [],
}
DNS = _dns(_ANSWERS)


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


# --- ORRERY_HTTP_ALLOWED_HOSTS: a narrow allowlist for self-hosted endpoints (Ollama) --------


@pytest.mark.parametrize(
    ("entry", "parsed"),
    [
        ("localhost:11434", ("localhost", 11434)),
        (" Ollama.LAN.:8080 ", ("ollama.lan", 8080)),
        ("10.0.0.5", ("10.0.0.5", None)),
        ("[::1]:11434", ("::1", 11434)),
        ("[0:0::1]", ("::1", None)),
        ("fd12::5", ("fd12::5", None)),
    ],
)
def test_allowlist_entries_are_host_and_optional_port(entry: str, parsed: tuple[str, int | None]) -> None:
    assert parse_allowed_host(entry) == parsed


@pytest.mark.parametrize(
    "entry", ["localhost:", "localhost:0", "localhost:99999", "host:port", "[::1", "a/b:80", "user@h:80"]
)
def test_malformed_allowlist_entries_are_refused(entry: str) -> None:
    with pytest.raises(ValueError, match=r"port|host"):
        parse_allowed_host(entry)


async def test_an_allowed_host_and_port_passes_and_nothing_else_does() -> None:
    # Given an operator who allowed their Ollama on localhost:11434 only
    dns = _dns({"localhost": ["127.0.0.1", "::1"], "ollama.internal": ["127.0.0.1"], **_ANSWERS})
    guard = AddressGuard(resolver=dns, allowed_hosts=["localhost:11434"])

    # Then that host and port resolves to its loopback addresses
    assert [str(a) for a in await guard.addresses("localhost", 11434)] == ["127.0.0.1", "::1"]
    assert guard.is_allowed_host("LOCALHOST.", 11434)

    # But the same host on another port is refused
    with pytest.raises(BlockedAddress, match="loopback"):
        await guard.addresses("localhost", 6379)
    # and so is another name or literal for the same loopback address
    for host in ("127.0.0.1", "ollama.internal", "[::1]"):
        with pytest.raises(BlockedAddress, match="loopback"):
            await guard.addresses(host, 11434)
    # and other private addresses stay refused
    with pytest.raises(BlockedAddress, match="private"):
        await guard.addresses("internal.example.com", 11434)


async def test_an_allowed_host_without_a_port_allows_any_port_but_never_metadata() -> None:
    dns = _dns({"gpu-box.lan": ["10.0.0.9"], "sneaky.lan": ["169.254.169.254"], **_ANSWERS})
    guard = AddressGuard(resolver=dns, allowed_hosts=["gpu-box.lan", "sneaky.lan", "169.254.169.254"])
    assert [str(a) for a in await guard.addresses("gpu-box.lan", 8000)] == ["10.0.0.9"]
    assert [str(a) for a in await guard.addresses("gpu-box.lan", 11434)] == ["10.0.0.9"]
    # An allowlist lifts the private/loopback refusal only: cloud metadata stays refused
    for host in ("sneaky.lan", "169.254.169.254"):
        with pytest.raises(BlockedAddress, match="metadata"):
            await guard.addresses(host, 80)


async def test_a_redirect_from_an_allowed_host_to_another_local_address_is_refused(
    server: LocalServer,
) -> None:
    # Given a local server allowed by host:port (as 127.0.0.1:<its port>)
    async with SafeHttpClient(allowed_hosts=[f"127.0.0.1:{server.port}"]) as http:
        # Then it is reachable, redirects within it included
        response = await http.request("GET", server.url("/redirect?to=/echo"))
        assert response.status == 200
        assert response.url == server.url("/echo")
        served = len(server.requests)

        # But a redirect to the same host on another port, or to another name for it, is refused
        for target in ("http://127.0.0.1:6379/", f"http://localhost:{server.port}/echo", "http://10.0.0.5/"):
            with pytest.raises(BlockedAddress, match=r"loopback|private"):
                await http.request("GET", server.url(f"/redirect?to={target}"))
        # (only the allowed server's redirects were served: nothing reached the targets)
        assert [r["path"] for r in server.requests[served:]] == ["/redirect"] * 3

    # And a client without the allowlist refuses the server outright
    async with SafeHttpClient() as http:
        with pytest.raises(BlockedAddress, match="loopback"):
            await http.request("GET", server.url("/echo"))


def test_the_allowlist_setting_is_read_and_checked() -> None:
    base = {"DATABASE_URL": "postgresql://x/y", "REDIS_URL": "redis://x", "SUPABASE_JWT_SECRET": "s"}
    assert load_settings(base).runner.http_allowed_hosts == ()
    settings = load_settings({**base, "ORRERY_HTTP_ALLOWED_HOSTS": "localhost:11434, 10.0.0.5 ,"})
    assert settings.runner.http_allowed_hosts == ("localhost:11434", "10.0.0.5")
    with pytest.raises(ConfigurationError, match="ORRERY_HTTP_ALLOWED_HOSTS: 'localhost:http'"):
        load_settings({**base, "ORRERY_HTTP_ALLOWED_HOSTS": "localhost:http"})
