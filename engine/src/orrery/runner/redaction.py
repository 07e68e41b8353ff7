"""Keeping secrets' values out of what a step leaves behind.

A step whose config reads `{{ secrets.NAME }}` gets the value for its attempt only. Whatever
it produces goes through a `Redactor` before it is recorded or published: its output (and
what downstream steps and the run's outputs read of it), its transcript, its error, its
`step.log` events and `step.delta`s, and the inputs of a child run it starts. Each value is
replaced by `[secret NAME]` wherever it appears, as is, URL-encoded or JSON-escaped (an http
node echoing a header or a query string back, an agent repeating its prompt).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, quote_plus

import msgspec

from orrery.events import types as ev
from orrery.nodes import NodeResult


class Redactor:
    """Replaces the values of one attempt's secrets in text and in JSON-like values."""

    def __init__(self, secrets: Mapping[str, str]) -> None:
        forms: dict[str, str] = {}
        for name, value in secrets.items():
            if not value:
                continue
            for form in (value, quote(value, safe=""), quote_plus(value), json.dumps(value)[1:-1]):
                forms.setdefault(form, f"[secret {name}]")
        # Longest first, so a value containing another is replaced whole.
        self._forms = sorted(forms.items(), key=lambda item: len(item[0]), reverse=True)

    def __bool__(self) -> bool:
        return bool(self._forms)

    def text(self, text: str) -> str:
        for form, mask in self._forms:
            if form in text:
                text = text.replace(form, mask)
        return text

    def value(self, value: Any) -> Any:
        if not self._forms:
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {self.text(str(k)) if isinstance(k, str) else k: self.value(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.value(v) for v in value]
        return value

    def result(self, result: NodeResult) -> NodeResult:
        if not self._forms:
            return result
        return msgspec.structs.replace(
            result, output=self.value(result.output), transcript=self.value(result.transcript)
        )

    def error(self, error: ev.ErrorInfo) -> ev.ErrorInfo:
        if not self._forms:
            return error
        return msgspec.structs.replace(
            error, message=self.text(error.message), details=self.value(error.details)
        )


NOTHING = Redactor({})
