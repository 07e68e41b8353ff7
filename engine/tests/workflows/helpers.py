"""Signed-in users and small documents for the workflow tests (API tests import these too)."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import psycopg
from litestar.testing import AsyncTestClient

from orrery.settings import Settings
from tests.auth import tokens


@dataclass(frozen=True, slots=True)
class User:
    id: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    @property
    def claims(self) -> dict[str, Any]:
        return {"sub": self.id, "role": "authenticated", "aud": "authenticated"}


def sign_up(admin_url: str, settings: Settings, email: str | None = None) -> User:
    """A user in auth.users (as Supabase Auth creates one) and an access token for them."""
    email = email or f"{uuid.uuid4().hex[:12]}@example.test"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        row = conn.execute(
            "insert into auth.users (email) values (%s) returning id::text", (email,)
        ).fetchone()
    assert row is not None
    user_id = str(row[0])
    return User(user_id, tokens.hs256(settings.auth.jwt_secret, sub=user_id, email=email))


class Api:
    """The engine's HTTP API as one user sees it."""

    def __init__(self, client: AsyncTestClient[Any], user: User) -> None:
        self.client = client
        self.user = user

    def as_user(self, user: User) -> Api:
        return Api(self.client, user)

    async def get(self, path: str, **params: Any) -> httpx.Response:
        return await self.client.get(path, params=params or None, headers=self.user.headers)

    async def post(self, path: str, body: Any = None, **kwargs: Any) -> httpx.Response:
        return await self.client.post(path, json=body, headers=self.user.headers, **kwargs)

    async def put(self, path: str, body: Any) -> httpx.Response:
        return await self.client.put(path, json=body, headers=self.user.headers)

    async def patch(self, path: str, body: Any) -> httpx.Response:
        return await self.client.patch(path, json=body, headers=self.user.headers)

    async def delete(self, path: str) -> httpx.Response:
        return await self.client.delete(path, headers=self.user.headers)

    async def create(
        self, name: str = "Demo", spec: dict[str, Any] | None = None, **extra: Any
    ) -> dict[str, Any]:
        response = await self.post("/api/v1/workflows", {"name": name, "spec": spec or pipeline(), **extra})
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        return created


# -- documents ---------------------------------------------------------------------------


def node(id: str, type: str = "transform", x: float = 0, y: float = 0, **config: Any) -> dict[str, Any]:
    return {"id": id, "type": type, "position": {"x": x, "y": y}, "config": config}


def edge(source: str, target: str, handle: str | None = None) -> dict[str, Any]:
    return {"id": f"{source}-{target}", "source": source, "target": target, "source_handle": handle}


def document(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], **inputs: Any) -> dict[str, Any]:
    return {"schema": "orrery.workflow/v1", "inputs": inputs, "nodes": nodes, "edges": edges}


def pipeline(template: str = "About {{ inputs.topic }}") -> dict[str, Any]:
    """input -> a transform reading the input -> output: valid, and runnable with a `topic`."""
    nodes = [
        node("start", "input"),
        node("draft", template=template, x=280),
        node("end", "output", x=560, value="{{ steps.draft.output }}"),
    ]
    ids = [n["id"] for n in nodes]
    return document(nodes, [edge(a, b) for a, b in itertools.pairwise(ids)], topic={"type": "string"})
