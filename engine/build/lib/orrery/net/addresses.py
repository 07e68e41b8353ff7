"""Which IP addresses outbound requests may reach, and a checked DNS resolution.

The rule: only globally routable unicast addresses. Refused: loopback, RFC 1918 private,
link-local (incl. 169.254.169.254), CGNAT 100.64/10, multicast, reserved, unspecified,
documentation and benchmarking ranges, IPv6 ULA/link-local/site-local/loopback, and
IPv4 addresses hidden in IPv6 (IPv4-mapped, 6to4, NAT64, Teredo), which are judged by
the IPv4 address they carry. `allow_private_networks` (tests, self-hosted installs that
call their own LAN) lifts the private/loopback part, never the cloud metadata
endpoints, multicast or unspecified addresses.

`allowed_hosts` is the narrow alternative: `host:port` entries (or `host` for any port),
matched on the host name as written in the URL, for which the private/loopback part is
lifted after resolution (e.g. Ollama on `localhost:11434`). Nothing else changes: the
same host on another port, another name for the same address, and every redirect
target are checked as usual; metadata, multicast and unspecified addresses stay refused.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable
from typing import Final, TypeVar

from orrery.net.errors import BlockedAddress, ResolutionFailed

Stream = TypeVar("Stream")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[str]]]
"""host, port -> the addresses it resolves to (the outside world: tests inject a fake)."""

METADATA_ADDRESSES: Final = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254", "fd00:ec2::23")
)
"""Cloud instance metadata endpoints (AWS, ECS, Alibaba, AWS IPv6): refused always."""

_CGNAT: Final = ipaddress.ip_network("100.64.0.0/10")
_NAT64: Final = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


def blocked_reason(ip: IPAddress, *, allow_private_networks: bool = False) -> str | None:
    """Why `ip` may not be reached, in words; None if it may."""
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata endpoint"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_unspecified:
        return "the unspecified address"
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            inner = blocked_reason(embedded, allow_private_networks=allow_private_networks)
            return f"{inner} (inside the IPv6 address {ip})" if inner else None
    if allow_private_networks:
        return None
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT:
        return "a carrier-grade NAT address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return "a site-local address"
    if ip.is_private or ip.is_reserved or not ip.is_global:
        return "a private or reserved address"
    return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if any(ip in net for net in _NAT64):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


AllowedHost = tuple[str, int | None]
"""A normalized host name (or IP literal) and its port; None for any port."""


def parse_allowed_host(entry: str) -> AllowedHost:
    """`host:port`, `host`, `[v6]:port`, `[v6]` or a bare IPv6 literal. Raises `ValueError`."""
    text = entry.strip()
    port: int | None = None
    if text.startswith("["):
        host, sep, rest = text[1:].partition("]")
        if not sep or (rest and not rest.startswith(":")):
            raise ValueError(f"{entry!r} is not `host`, `host:port` or `[ipv6]:port`")
        raw_port = rest[1:] if rest else None
    elif text.count(":") == 1:
        host, raw_port = text.split(":")
    else:  # a name, an IPv4 address or a bare IPv6 literal: any port
        host, raw_port = text, None
    if raw_port is not None:
        if not raw_port.isdigit() or not 0 < int(raw_port) < 65536:
            raise ValueError(f"{entry!r}: the port must be a number from 1 to 65535")
        port = int(raw_port)
    host = normalize_host(host)
    if not host or any(c in host for c in "/@ ?#"):
        raise ValueError(f"{entry!r} is not `host`, `host:port` or `[ipv6]:port`")
    return host, port


def normalize_host(host: str) -> str:
    """Lowercase, no brackets or trailing dot; IP literals in their canonical form."""
    host = host.strip().strip("[]").rstrip(".").lower()
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return host


async def system_resolver(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class AddressGuard:
    """Resolves a host once and says which addresses a connection may use."""

    def __init__(
        self,
        *,
        allow_private_networks: bool = False,
        allowed_hosts: Iterable[str] = (),
        resolver: Resolver = system_resolver,
    ) -> None:
        """Raises `ValueError` for a malformed `allowed_hosts` entry."""
        self.allow_private_networks = allow_private_networks
        self.allowed_hosts: frozenset[AllowedHost] = frozenset(
            parse_allowed_host(entry) for entry in allowed_hosts if entry.strip()
        )
        self._resolver = resolver

    def is_allowed_host(self, host: str, port: int) -> bool:
        """Whether `host:port` is an operator-allowed private endpoint (`allowed_hosts`)."""
        name = normalize_host(host)
        return (name, port) in self.allowed_hosts or (name, None) in self.allowed_hosts

    async def addresses(self, host: str, port: int) -> list[IPAddress]:
        """The checked addresses of `host`. Raises `BlockedAddress` if any answer is refused
        (a name that mixes public and private answers is refused outright)."""
        host = host.strip("[]")
        try:
            literal: IPAddress | None = ipaddress.ip_address(host)
        except ValueError:
            literal = None
        if literal is not None:
            answers = [literal]
        else:
            try:
                raw = await self._resolver(host, port)
            except (OSError, UnicodeError) as exc:
                raise ResolutionFailed(f"Could not resolve {host!r}: {exc}") from None
            answers = [ipaddress.ip_address(a.split("%", 1)[0]) for a in raw]
            if not answers:
                raise ResolutionFailed(f"{host!r} has no addresses.")
        private_ok = self.allow_private_networks or self.is_allowed_host(host, port)
        for ip in answers:
            reason = blocked_reason(ip, allow_private_networks=private_ok)
            if reason:
                shown = host if literal is not None else f"{host} ({ip})"
                raise BlockedAddress(f"Refusing to connect to {shown}: it is {reason}.")
        return answers

    async def connect(
        self,
        host: str,
        port: int,
        connect: Callable[[str], Awaitable[Stream]],
        unreachable: tuple[type[Exception], ...],
    ) -> Stream:
        """`connect(ip)` to each checked address of `host` in turn, until one answers (the
        network backends of `SafeHttpClient` and of the SDK client both connect this way).
        Raises what `addresses` raises, or the last `unreachable` error."""
        failure: Exception | None = None
        for ip in await self.addresses(host, port):
            try:
                return await connect(str(ip))
            except unreachable as exc:
                failure = exc
        assert failure is not None
        raise failure
