"""Literal credentials in a workflow document: what an export warns about.

A token typed straight into an http node's header or URL travels with every export, copy
and version of the workflow. `{{ secrets.NAME }}` keeps it out of them (resolved only by
the worker at run time). This finds the likely ones, without guessing at every string: a
header that carries credentials (`Authorization`, `X-Api-Key`, `*token*`, `*secret*`...)
with a literal value, a URL with a password or a credential-named query parameter with a
literal value, and anything shaped like a well-known key (`sk-...`, `ghp_...`, `AKIA...`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import msgspec

from orrery.spec import Workflow

_CREDENTIAL_NAME = re.compile(
    r"(^authorization$|api[-_]?key|apikey|token|secret|password|passwd|signature|^auth$|^key$|access[-_]?key)",
    re.IGNORECASE,
)
_KNOWN_KEY = re.compile(
    r"(sk-[A-Za-z0-9_-]{16,}|gh[pousr]_[A-Za-z0-9]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}"
    r"|AIza[0-9A-Za-z_-]{30,}|orr_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43})"
)
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


class ExportWarning(msgspec.Struct, kw_only=True, frozen=True):
    """Something in the exported document that should not travel with it."""

    code: str
    """`literal_credential`."""
    message: str
    node_id: str
    path: str
    """Where in the node, e.g. `config.headers.Authorization`."""


def literal_credentials(doc: Workflow) -> list[ExportWarning]:
    found: list[ExportWarning] = []
    for node in doc.nodes:
        for path, text in _strings(node.config, "config"):
            reason = _reason(path, text)
            if reason:
                found.append(
                    ExportWarning(
                        code="literal_credential",
                        message=(
                            f"`{node.id}` has {reason} at `{path}`: it is in this export as typed. "
                            "Store it in Settings → Secrets and use `{{ secrets.NAME }}` instead."
                        ),
                        node_id=node.id,
                        path=path,
                    )
                )
    return found


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def _literal(text: str) -> str:
    """The text outside its templates."""
    return _TEMPLATE.sub("", text).strip()


def _reason(path: str, text: str) -> str | None:
    literal = _literal(text)
    if _KNOWN_KEY.search(literal):
        return "what looks like an API key"
    leaf = path.rsplit(".", 1)[-1]
    if ".headers." in f"{path}." and _CREDENTIAL_NAME.search(leaf):
        value = re.sub(r"^(bearer|basic|token)\s*", "", literal, flags=re.IGNORECASE)
        if len(value) >= 8:
            return f"a literal `{leaf}` header"
    if leaf.lower().endswith("url") and literal.lower().startswith(("http://", "https://")):
        return _url_reason(text)
    return None


def _url_reason(text: str) -> str | None:
    try:
        parts = urlsplit(text.strip())
    except ValueError:
        return None
    if parts.password and not _TEMPLATE.search(parts.password or ""):
        return "a password in the URL"
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if _CREDENTIAL_NAME.search(name) and len(value) >= 8 and "{{" not in value:
            return f"a literal `{name}` in the URL's query"
    return None
