"""Which client an attempt comes from, for the per-IP limits: never what the client says it is.

The address is the connection's peer. `X-Forwarded-For` is read only when
the peer is one of the configured proxies (`ORRERY_TRUSTED_PROXIES`) and, if
a proxy secret is configured, presents it (`X-Orrery-Proxy-Secret`): on a
shared loopback every local process is 127.0.0.1, so the address alone does
not prove the caller is the web app. From a trusted proxy the right-most
entry counts: the address that proxy itself saw (anything left of it was
written by someone else). `orrery auth` runs uvicorn with `proxy_headers`
off, so the peer is the socket's, not a header's.

IPv6 clients are counted per /64: one host usually holds a whole /64, and
counting per address would give it 2**64 buckets.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
PROXY_SECRET_HEADER = "x-orrery-proxy-secret"


@dataclass(frozen=True, slots=True)
class ProxyTrust:
    """Who may tell the stand-in a client's address."""

    networks: tuple[IPNetwork, ...] = ()
    secret: str | None = None

    @classmethod
    def from_settings(cls, proxies: Iterable[str], secret: str | None) -> ProxyTrust:
        return cls(tuple(ipaddress.ip_network(p, strict=False) for p in proxies), secret or None)

    def trusts(self, peer: str | None, presented_secret: str | None) -> bool:
        address = _address(peer)
        if address is None or not any(address in network for network in self.networks):
            return False
        if self.secret is None:
            return True
        return presented_secret is not None and hmac.compare_digest(
            presented_secret.encode(), self.secret.encode()
        )


def client_address(
    peer: str | None, forwarded_for: str | None, presented_secret: str | None, trust: ProxyTrust
) -> str:
    """The client's address: the peer's, or the one a trusted proxy saw."""
    address = _address(peer)
    if forwarded_for and trust.trusts(peer, presented_secret):
        address = _address(forwarded_for.split(",")[-1]) or address
    if address is None:
        return peer or "unknown"
    return str(address)


def limit_bucket(address: str) -> str:
    """What the per-IP limits count: the address, or its /64 for IPv6."""
    parsed = _address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed) if parsed is not None else address


def _address(value: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address (IPv4-mapped IPv6 as IPv4), or None for anything else."""
    if not value:
        return None
    try:
        address = ipaddress.ip_address(value.strip().removeprefix("[").removesuffix("]"))
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address
