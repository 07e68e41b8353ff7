"""A user's runs, newest first, page by page (the same keyset pagination as workflows)."""

from __future__ import annotations

import base64
import json

from tests.runner.conftest import Api
from tests.runner.test_scheduling import edge, node, workflow


async def test_runs_are_listed_newest_first_page_by_page_without_gaps_or_repeats(api: Api) -> None:
    # Given five runs of a workflow
    spec = workflow([node("start", "input"), node("result", "output")], [edge("start", "result")])
    workflow_id = api.create_workflow(spec)
    started = [(await api.start(workflow_id)).json()["id"] for _ in range(5)]

    # When the user pages through them two at a time
    seen: list[str] = []
    cursor = None
    for _ in range(5):
        params = {"limit": 2, "workflow_id": workflow_id, **({"cursor": cursor} if cursor else {})}
        page = (await api.client.get("/api/v1/runs", params=params, headers=api.headers)).json()
        seen += [run["id"] for run in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    # Then every run came once, newest first, with its workflow's name
    assert seen == list(reversed(started))
    assert page["items"][0]["workflow_name"] == "Test workflow"


async def test_a_cursor_the_api_did_not_give_is_refused_naming_the_field(api: Api) -> None:
    # Given a cursor shaped like one, but naming no run id
    forged = base64.urlsafe_b64encode(
        json.dumps(["2026-12-06T00:00:00+00:00", "not-a-uuid"]).encode()
    ).decode()

    # When the user lists runs after it
    response = await api.client.get("/api/v1/runs", params={"cursor": forged}, headers=api.headers)

    # Then it is a clear 422 about the cursor, not a server error
    assert response.status_code == 422, response.text
    assert response.json()["errors"] == [{"field": "cursor", "message": "invalid"}]
