"""The ports tests give their servers: apart between xdist processes, and apart from the ports
the kernel hands out for `bind(0)` and to every outgoing connection."""

from __future__ import annotations

import socket
from pathlib import Path

from tests.support.ports import free_port, port_slice


def _ephemeral_range() -> range:
    low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
    return range(int(low), int(high) + 1)


def test_each_xdist_process_picks_from_ports_of_its_own_outside_the_ephemeral_range() -> None:
    # Given the four processes of `-n 4`
    slices = [set(port_slice(f"gw{i}")) for i in range(4)]

    # When each picks a port for a server
    # Then no two share a port, and none is one the kernel might give a connection meanwhile
    assert all(not (a & b) for i, a in enumerate(slices) for b in slices[i + 1 :])
    ephemeral = set(_ephemeral_range())
    assert all(not (s & ephemeral) for s in slices)
    port = free_port()
    assert port in port_slice()
    assert port not in ephemeral


def test_a_port_is_given_once_and_never_one_in_use() -> None:
    # Given a server already listening on a port of this process's slice
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", free_port()))
        busy.listen()
        taken = busy.getsockname()[1]

        # When tests ask for many ports
        given = [free_port() for _ in range(200)]

    # Then each is new, and none is the one in use
    assert len(set(given)) == len(given)
    assert taken not in given
