"""Keeping secrets' values out of what a step leaves behind.

A step whose config reads `{{ secrets.NAME }}` gets the value for its attempt only. Whatever
it produces goes through a `Redactor` before it is recorded or published: its output (and
what downstream steps and the run's outputs read of it), its transcript, its error, its
`step.log` events and `step.delta`s, and the inputs of a child run it starts. Each value is
replaced by `[secret NAME]` wherever it appears, as is, URL-encoded or JSON-escaped (an http
node echoing a header or a query string back, an agent repeating its prompt). Streamed text
(`StreamRedactor`) is masked across its chunks: a model's tokens split a value anywhere.
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

    def safe_cut(self, text: str) -> int:
        """Where a stream of `text` may be cut: before any end of it that a secret's value (in
        any form) begins with but does not complete, and not inside a whole value."""
        longest = 0
        for form, _ in self._forms:
            for length in range(min(len(form) - 1, len(text)), longest, -1):
                if form.startswith(text[-length:]):
                    longest = length
                    break
        cut = len(text) - longest
        moved = True
        while moved and cut > 0:
            moved = False
            for form, _ in self._forms:
                start = text.find(form, max(0, cut - len(form) + 1))
                if 0 <= start < cut < start + len(form):
                    cut, moved = start, True
        return cut

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


class StreamRedactor:
    """Masks a stream of text chunks (a model's tokens), however the stream was cut: no chunk
    given out ends with the start of a secret's value. Each chunk is joined to what was held
    back before it; the end that could begin a value (at most its length less one character,
    moved back to the start of any whole value it would cut) is held back for the next chunk,
    the rest masked and given out. `end()` gives out the rest once the stream ends."""

    def __init__(self, redactor: Redactor) -> None:
        self._redactor = redactor
        self._held = ""

    def feed(self, chunk: str) -> str:
        """What of the stream so far can be shown, masked."""
        text = self._held + chunk
        cut = self._redactor.safe_cut(text)
        self._held = text[cut:]
        return self._redactor.text(text[:cut])

    def end(self) -> str:
        """The rest held back, masked (the stream ended: it begins no value)."""
        rest, self._held = self._held, ""
        return self._redactor.text(rest)


NOTHING = Redactor({})
