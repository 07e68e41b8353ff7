"""The operator's limits per run and a workflow's settings under them: `GET /api/v1/limits`
shows the editor the defaults and ceilings; a setting above one is a problem on the draft, and a
run of it is refused naming the field and the limit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from litestar.testing import AsyncTestClient

from orrery.api.app import create_app
from orrery.settings import Settings
from tests.workflows.helpers import Api, pipeline, sign_up

BASE = "/api/v1/workflows"


@pytest.fixture
def strict(settings: Settings) -> Settings:
    """An operator who allows 50 steps and 4 steps at once per run."""
    return replace(settings, runner=replace(settings.runner, max_steps=50, max_parallel_per_run=4))


@pytest.fixture
async def api(strict: Settings, admin_url: str) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(strict)) as client:
        yield Api(client, sign_up(admin_url, strict))


async def test_the_editor_sees_the_operators_limits(api: Api, strict: Settings) -> None:
    # When the editor asks for this server's limits
    response = await api.get("/api/v1/limits")

    # Then it gets each one, as the operator set it
    assert response.status_code == 200
    assert response.json() == {
        "max_steps": 50,
        "max_tokens": strict.runner.max_tokens,
        "max_cost_usd": strict.runner.max_cost_usd,
        "max_duration_s": strict.runner.run_timeout_s,
        "max_parallel": 4,
    }


async def test_the_limits_need_a_signed_in_user(strict: Settings) -> None:
    async with AsyncTestClient(app=create_app(strict)) as client:
        assert (await client.get("/api/v1/limits")).status_code == 401


async def test_settings_above_the_operators_limits_are_a_problem_and_the_run_is_refused(api: Api) -> None:
    # Given a workflow asking for more steps and more concurrency than the operator allows,
    # and a time budget (the operator's is hours) within it
    spec = pipeline()
    spec["settings"] = {"budgets": {"max_steps": 500, "max_duration_s": 60}, "max_parallel": 8}

    # When it is saved
    saved = await api.post(BASE, {"name": "Greedy", "spec": spec})

    # Then the draft is saved, with a problem on each setting naming the limit
    assert saved.status_code == 201
    problems = {p["path"]: p for p in saved.json()["problems"]}
    assert set(problems) == {"settings.budgets.max_steps", "settings.max_parallel"}
    assert problems["settings.budgets.max_steps"]["code"] == "over_operator_limit"
    assert "At most 50" in problems["settings.budgets.max_steps"]["message"]
    assert "ORRERY_MAX_STEPS" in problems["settings.budgets.max_steps"]["message"]

    # And a run of it is refused, naming the fields
    run = await api.post(f"{BASE}/{saved.json()['id']}/runs", {"inputs": {"topic": "owls"}})
    assert run.status_code == 422
    fields = {e.get("field") for e in run.json()["errors"]}
    assert {"settings.budgets.max_steps", "settings.max_parallel"} <= fields


async def test_settings_within_the_limits_run_with_them_as_the_runs_budgets(api: Api) -> None:
    # Given a workflow lowering the step budget and setting a time budget
    spec = pipeline()
    spec["settings"] = {"budgets": {"max_steps": 10, "max_duration_s": 60}, "max_parallel": 2}
    saved = await api.post(BASE, {"name": "Frugal", "spec": spec})
    assert saved.json()["problems"] == []

    # When a run of it starts
    run = await api.post(f"{BASE}/{saved.json()['id']}/runs", {"inputs": {"topic": "owls"}})

    # Then the run carries the workflow's budgets
    assert run.status_code in {201, 202}, run.text
    assert run.json()["budgets"]["max_steps"] == 10
    assert run.json()["budgets"]["max_duration_s"] == 60
