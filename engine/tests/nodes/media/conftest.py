"""A step's context in a real run of a real user, with that run's asset store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from orrery.agents.credential import ResolvedCredential
from orrery.api.app import create_app
from orrery.net import SafeHttpClient
from orrery.nodes import LocalContext
from orrery.settings import load_settings
from tests.workflows.helpers import Api, sign_up

KEY = "sk-proj-PLANTEDkey0123456789abcdefXYZ"
OPENAI = ResolvedCredential(id="cred-openai", provider="openai", label="Work OpenAI", api_key=KEY)


@pytest.fixture
async def ctx(env: dict[str, str], admin_url: str, tmp_path: Path) -> AsyncIterator[LocalContext]:
    """A step's context in a real run of a real user, with the run's asset store."""
    settings = load_settings({**env, "ORRERY_DATA_DIR": str(tmp_path)})
    async with AsyncTestClient(app=create_app(settings)) as client, SafeHttpClient() as http:
        api = Api(client, sign_up(admin_url, settings))
        workflow = await api.create()
        run = (await api.post(f"/api/v1/workflows/{workflow['id']}/runs", {"inputs": {"topic": "x"}})).json()
        service = client.app.state.services.assets
        yield LocalContext(
            http=http,
            run_id=run["id"],
            files=service.access(api.user.claims, run["id"], "node", ""),
            credentials={"cred-openai": OPENAI},
        )
