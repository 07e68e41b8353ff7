"""Templates past the parser's limits over HTTP: save, update and import answer 422 naming the
problem, validate lists it (200, as for every problem), and nothing answers 500."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from orrery.api.app import create_app
from orrery.settings import Settings
from tests.workflows.helpers import Api, pipeline, sign_up

BASE = "/api/v1/workflows"

DEEP = {
    "70 nested parentheses": "{{ " + "(" * 70 + "inputs.topic" + ")" * 70 + " }}",
    "16,000 chained filters": "{{ inputs.topic" + "|upper" * 16_000 + " }}",
    "3,000 nested ifs": "{% if inputs.topic %}" * 3000 + "x" + "{% endif %}" * 3000,
    "a 30,000-term sum": "{{ " + "+".join(["1"] * 30_000) + " }}",
}


@pytest.fixture
async def api(settings: Settings, admin_url: str) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, sign_up(admin_url, settings))


def deep_spec(template: str) -> dict[str, Any]:
    return pipeline(template)  # its transform node is `draft`


def assert_names_the_problem(body: dict[str, Any]) -> None:
    problems = body.get("extra") or body.get("errors") or []
    found = [p for p in problems if p.get("code") == "template_too_complex"]
    assert found, str(body)[:500]
    assert found[0]["node_id"].startswith("draft")  # import gives nodes fresh ids
    assert "too complex" in found[0]["message"]


@pytest.mark.parametrize("case", sorted(DEEP))
async def test_a_template_past_the_limits_is_refused_with_its_problem_never_a_500(
    api: Api, case: str
) -> None:
    spec = deep_spec(DEEP[case])

    # When Ada saves a workflow with it, then it is refused: 422 naming the problem
    saved = await api.post(BASE, {"name": "Deep", "spec": spec})
    assert saved.status_code == 422, saved.text[:500]
    assert_names_the_problem(saved.json())

    # When she validates it, then the problem is listed (validation answers 200 for every problem)
    validated = await api.post(f"{BASE}/validate", {"spec": spec})
    assert validated.status_code == 200, validated.text[:500]
    assert validated.json()["valid"] is False
    assert_names_the_problem(validated.json())

    # When she imports it, then it is refused the same way
    imported = await api.post(
        f"{BASE}/import", {"format": "orrery.workflow-export/v1", "name": "D", "spec": spec}
    )
    assert imported.status_code == 422, imported.text[:500]
    assert_names_the_problem(imported.json())

    # When she saves it over an existing workflow, then the same
    created = await api.create("Shallow", pipeline())
    updated = await api.put(f"{BASE}/{created['id']}", {"spec": spec, "based_on_version": 1})
    assert updated.status_code == 422, updated.text[:500]
    assert_names_the_problem(updated.json())
