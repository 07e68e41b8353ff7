"""GET /api/v1/workflows: most recently edited first, cursor pages, search by name, last run."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from litestar.testing import AsyncTestClient

from orrery.api.app import create_app
from orrery.settings import Settings
from tests.workflows.helpers import Api, sign_up

pytestmark = pytest.mark.usefixtures("no_worker_running")

BASE = "/api/v1/workflows"


@pytest.fixture
async def api(settings: Settings, admin_url: str) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, sign_up(admin_url, settings))


async def test_thirty_workflows_in_pages_of_seven_have_no_duplicates_and_no_gaps(api: Api) -> None:
    # Given 30 workflows
    created = [(await api.create(f"Workflow {i:02}"))["id"] for i in range(30)]

    # When Ada pages through them seven at a time
    seen: list[str] = []
    sizes: list[int] = []
    cursor = None
    while True:
        page = (await api.get(BASE, limit=7, **({"cursor": cursor} if cursor else {}))).json()
        sizes.append(len(page["items"]))
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    # Then she sees each exactly once, newest edit first, in five pages
    assert sizes == [7, 7, 7, 7, 2]
    assert seen == list(reversed(created))


async def test_an_edit_moves_a_workflow_to_the_top(api: Api) -> None:
    first = await api.create("First")
    await api.create("Second")
    await api.put(f"{BASE}/{first['id']}", {"name": "First, renamed"})
    names = [item["name"] for item in (await api.get(BASE)).json()["items"]]
    assert names == ["First, renamed", "Second"]


async def test_search_is_a_case_insensitive_contains_on_the_name(api: Api) -> None:
    # Given workflows with names that match and that do not, some with LIKE's wildcards in them
    for name in ("YouTube research", "Blog to newsletter", "youtube shorts", "100% organic", "snake_case"):
        await api.create(name)

    # When Ada searches
    async def names(q: str) -> set[str]:
        return {item["name"] for item in (await api.get(BASE, q=q)).json()["items"]}

    # Then the matches are the names containing the text, whatever its case, wildcards taken literally
    assert await names("YOUTUBE") == {"YouTube research", "youtube shorts"}
    assert await names("%") == {"100% organic"}
    assert await names("_") == {"snake_case"}
    assert await names("nothing like it") == set()
    assert len(await names("  ")) == 5


async def test_search_pages_too(api: Api) -> None:
    for i in range(5):
        await api.create(f"match {i}")
        await api.create(f"other {i}")
    first = (await api.get(BASE, q="match", limit=3)).json()
    second = (await api.get(BASE, q="match", limit=3, cursor=first["next_cursor"])).json()
    assert [i["name"] for i in first["items"] + second["items"]] == [f"match {i}" for i in reversed(range(5))]
    assert second["next_cursor"] is None


async def test_each_item_has_its_size_version_and_last_run(api: Api) -> None:
    # Given a workflow at version 2 that ran twice, and one that never ran
    ran = await api.create("Ran")
    await api.put(f"{BASE}/{ran['id']}", {"name": "Ran", "description": "edited"})
    await api.post(f"{BASE}/{ran['id']}/runs", {"inputs": {"topic": "first"}})
    latest = (await api.post(f"{BASE}/{ran['id']}/runs", {"inputs": {"topic": "second"}})).json()
    idle = await api.create("Idle")

    # When Ada lists her workflows
    items = {item["name"]: item for item in (await api.get(BASE)).json()["items"]}

    # Then each row has what the dashboard shows
    assert items["Ran"]["last_run"] == {
        "id": latest["id"],
        "status": latest["status"],
        "created_at": items["Ran"]["last_run"]["created_at"],
    }
    assert items["Ran"]["node_count"] == 3
    assert items["Ran"]["description"] == "edited"
    assert items["Idle"]["last_run"] is None
    assert items["Idle"]["current_version"] == idle["current_version"] == 1
    assert set(items["Idle"]) == {
        "id",
        "name",
        "description",
        "current_version",
        "node_count",
        "created_at",
        "updated_at",
        "last_run",
    }


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"cursor": "bm90IGEgY3Vyc29y"}])
async def test_a_bad_limit_or_cursor_is_refused(api: Api, params: dict[str, object]) -> None:
    response = await api.get(BASE, **params)
    assert response.status_code == 422
