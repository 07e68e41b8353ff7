"""The embedded Valkey on a port it picks: started again elsewhere when that port was taken
between the pick and the bind (as when another test process picked it too)."""

from __future__ import annotations

import socket

import pytest
import redis

from orrery.dev.embedded_valkey import EmbeddedValkey
from tests.support.ports import free_port


def test_a_valkey_whose_picked_port_was_taken_meanwhile_starts_on_another() -> None:
    # Given a port another process binds between the pick and Valkey's own bind
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", free_port()))
        squatter.listen()
        taken = squatter.getsockname()[1]
        picks = iter([taken, free_port()])
        server = EmbeddedValkey(pick_port=lambda: next(picks))

        # When Valkey starts on a port of its own choosing
        try:
            server.start()

            # Then it runs on the next port it picked, and answers there
            assert server.port != taken
            assert redis.Redis.from_url(server.url).ping()
        finally:
            server.stop()


def test_a_valkey_given_a_port_that_is_taken_says_so() -> None:
    # Given a port in use, named by whoever starts Valkey
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", free_port()))
        squatter.listen()
        server = EmbeddedValkey(port=squatter.getsockname()[1])

        # When it starts, Then it fails, naming the port (it never moves a port it was given)
        try:
            with pytest.raises(RuntimeError, match=f"port {server.port}"):
                server.start()
        finally:
            server.stop()
