"""Media through a user's provider key: image generation, text to speech, speech to text.

OpenAI first (`/v1/images/generations`, `/v1/audio/speech`, `/v1/audio/transcriptions`),
also for an OpenAI-compatible server that offers them (the credential's `base_url`). Calls
go through the worker's SSRF guard (`SafeHttpClient.sdk_client`, the transport the agent's
OpenAI provider uses). A new provider is one more entry in `PROVIDERS`. Errors are
`MediaProviderError` with the provider's message (never the key), retryable on 429 and 5xx.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import httpx2

from orrery.agents.credential import ResolvedCredential
from orrery.agents.errors import MediaProviderError
from orrery.net import SafeHttpClient

OPENAI_BASE: Final = "https://api.openai.com/v1"
PROVIDERS: Final = ("openai", "openai_compatible")


@dataclass(frozen=True, slots=True)
class MediaCall:
    http: SafeHttpClient
    credential: ResolvedCredential
    timeout_s: float = 120.0

    @property
    def base(self) -> str:
        return (self.credential.base_url or OPENAI_BASE).rstrip("/")

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.credential.api_key}"}

    async def _post(self, path: str, **kwargs: Any) -> httpx2.Response:
        if self.credential.provider not in PROVIDERS:
            raise MediaProviderError(
                f"The key “{self.credential.label}” is for {self.credential.provider}, which does not make "
                f"media here; use an OpenAI (or OpenAI-compatible) key."
            )
        client = self.http.sdk_client(timeout_s=self.timeout_s)
        try:
            headers = {**self._headers(), **kwargs.pop("headers", {})}
            response = await client.post(f"{self.base}{path}", headers=headers, **kwargs)
        except httpx2.HTTPError as exc:
            raise MediaProviderError(
                f"{self.credential.provider} could not be reached: {type(exc).__name__}", retryable=True
            ) from None
        finally:
            await client.aclose()
        if response.status_code >= 400:
            raise MediaProviderError(
                f"{self.credential.provider} answered {response.status_code}: {_message(response)}",
                retryable=response.status_code == 429 or response.status_code >= 500,
            )
        return response

    async def image(self, prompt: str, *, model: str, size: str) -> bytes:
        response = await self._post(
            "/images/generations", json={"model": model, "prompt": prompt, "size": size, "n": 1}
        )
        data = _json(response).get("data") or [{}]
        first = data[0] if isinstance(data, list) and data and isinstance(data[0], Mapping) else {}
        encoded = first.get("b64_json")
        if not isinstance(encoded, str):
            raise MediaProviderError("The provider's answer has no image (`data[0].b64_json`).")
        return base64.b64decode(encoded)

    async def speech(self, text: str, *, model: str, voice: str) -> bytes:
        response = await self._post(
            "/audio/speech", json={"model": model, "input": text, "voice": voice, "response_format": "wav"}
        )
        return response.content

    async def transcription(self, audio: bytes, *, name: str, mime: str, model: str) -> str:
        body, content_type = _multipart({"model": model}, ("file", name, audio, mime))
        response = await self._post(
            "/audio/transcriptions", content=body, headers={"Content-Type": content_type}
        )
        text = _json(response).get("text")
        if not isinstance(text, str):
            raise MediaProviderError("The provider's answer has no `text`.")
        return text


def _multipart(fields: Mapping[str, str], file: tuple[str, str, bytes, str]) -> tuple[bytes, str]:
    """A multipart/form-data body, built whole (the file is already in memory)."""
    boundary = f"orrery-{uuid.uuid4().hex}"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    field, name, data, mime = file
    safe = "".join(ch for ch in name if ch.isalnum() or ch in "._-") or "audio"
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{safe}"\r\n'
        f"Content-Type: {mime}\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _json(response: httpx2.Response) -> Mapping[str, Any]:
    try:
        body = response.json()
    except ValueError:
        raise MediaProviderError("The provider's answer is not JSON.") from None
    return body if isinstance(body, Mapping) else {}


def _message(response: httpx2.Response) -> str:
    try:
        body = response.json()
        error = body.get("error") if isinstance(body, Mapping) else None
        if isinstance(error, Mapping) and isinstance(error.get("message"), str):
            return str(error["message"])[:300]
    except ValueError:
        pass
    return response.text[:300] or "(no message)"
