"""How `orrery engine` serves the app: uvicorn, with limits against slow and idle clients.

- Request line and headers within `header_timeout_s`, the body within `body_timeout_s`
  (`api/protocol.py`: uvicorn has no header-read timeout of its own), idle keep-alive
  connections closed after `keep_alive_s`, headers at most `max_header_bytes`.
- At most `max_connections` open at once, kept `FD_RESERVE` below the file-descriptor
  limit, whose soft value is raised to the hard one at start: the engine stays able to
  open its database and Valkey connections (and answer `/healthz`) under a flood.
- uvicorn configures no logging (`log_config=None`): its lines go through the one setup
  (`orrery.logs`), which redacts URLs and writes a flood once per interval.

One process cannot buffer slow clients or limit them per address: in production, put a
reverse proxy (nginx, Caddy, a cloud load balancer) in front, with its own timeouts.
"""

from __future__ import annotations

import logging
import resource
from dataclasses import replace
from typing import Any

import uvicorn

from orrery.api.protocol import guarded_protocol
from orrery.settings import HttpSettings, Settings

log = logging.getLogger("orrery.api.server")

FD_RESERVE = 256
"""Descriptors kept for everything but client connections: pools, log files, the model."""
APP_FACTORY = "orrery.api.app:create_app"


def raise_fd_limit() -> int:
    """Raise this process's soft RLIMIT_NOFILE to its hard limit; return the soft limit now."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft >= hard:
        return soft
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    except (ValueError, OSError) as exc:
        log.warning("could not raise the file descriptor limit from %d to %d: %s", soft, hard, exc)
        return soft
    return hard


def connection_cap(http: HttpSettings, fd_limit: int) -> int:
    """`max_connections`, or fewer when the descriptor limit would not hold them."""
    return max(1, min(http.max_connections, fd_limit - FD_RESERVE))


def server_config(
    http: HttpSettings, app: Any = APP_FACTORY, *, fd_limit: int, factory: bool | None = None, **options: Any
) -> uvicorn.Config:
    """uvicorn's configuration for these settings (`app`: a factory's import path, or an app;
    `options`: more uvicorn settings, e.g. the auth stand-in's)."""
    return uvicorn.Config(
        app,
        factory=app == APP_FACTORY if factory is None else factory,
        host=http.host,
        port=http.port,
        http=guarded_protocol(
            header_timeout_s=http.header_timeout_s,
            body_timeout_s=http.body_timeout_s,
            min_body_rate=http.min_body_rate,
            max_connections=connection_cap(http, fd_limit),
        ),
        timeout_keep_alive=int(max(1, http.keep_alive_s)),
        h11_max_incomplete_event_size=http.max_header_bytes,
        log_config=None,
        log_level="info",
        access_log=False,
        timeout_graceful_shutdown=5,
        **options,
    )


def serve(
    settings: Settings,
    *,
    host: str | None = None,
    port: int | None = None,
    app: str = APP_FACTORY,
    **options: Any,
) -> None:
    """Run an HTTP server of ours (the engine's API, or with `app` another factory such as
    the auth stand-in's) until it is stopped, with the same limits against slow clients."""
    http = replace(settings.http, host=host or settings.http.host, port=port or settings.http.port)
    fd_limit = raise_fd_limit()
    config = server_config(http, app, fd_limit=fd_limit, factory=True, **options)
    log.info(
        "serving on %s:%d: at most %d connections (descriptor limit %d), headers within %g s, "
        "bodies within %g s",
        http.host,
        http.port,
        connection_cap(http, fd_limit),
        fd_limit,
        http.header_timeout_s,
        http.body_timeout_s,
    )
    uvicorn.Server(config).run()
