"""An agent's workspace holds at most `FILES_PER_RUN` files and `FILE_BYTES_PER_RUN` bytes per
run, however many of the run's agents write at once: the limit is checked where a file is added,
under a lock on the run's files, not only on a listing read before.

The steps' calls go through the test client's portal: the app's pools live on the loop its
lifespan runs on, and concurrent waits for a pooled connection from another loop would fail."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest

from orrery.agents.tools import FILE_BYTES_PER_RUN, FILES_PER_RUN, files_tools
from orrery.assets.errors import AssetStepFailed
from orrery.assets.service import AssetService
from orrery.nodes.agent.node import _files_tool
from orrery.nodes.base import RunQuota
from tests.assets.test_assets_api import run_of
from tests.workflows.helpers import Api


def _workspace(api: Api, run_id: str, node_id: str) -> dict[str, Any]:
    """An agent step's file tools, over the run's real files."""
    service: AssetService = api.client.app.state.services.assets
    step = SimpleNamespace(assets=service.access(api.user.claims, run_id, node_id, ""))
    return {tool.name: tool.function for tool in files_tools(_files_tool(step))}  # type: ignore[arg-type]


async def test_two_agents_writing_at_once_cannot_pass_the_runs_file_limit(api: Api) -> None:
    # Given a run whose workspace has one file less than the most it may hold
    run_id = await run_of(api)
    writer = _workspace(api, run_id, "writer")
    for i in range(FILES_PER_RUN - 1):
        saved = api.client.blocking_portal.call(
            lambda i=i: writer["write_file"](name=f"note-{i}.md", content=f"n{i}")
        )
        assert saved.startswith("Saved")

    # When two agents of the run each write one more file at the same moment
    async def both() -> list[str]:
        return await asyncio.gather(
            _workspace(api, run_id, "researcher")["write_file"](name="a.md", content="from the researcher"),
            _workspace(api, run_id, "editor")["write_file"](name="b.md", content="from the editor"),
        )

    answers = api.client.blocking_portal.call(both)

    # Then one is saved and the other is told why not; the run holds exactly the limit
    assert sorted(answer.split(" ")[0] for answer in answers) == ["Not", "Saved"], answers
    refused = next(answer for answer in answers if answer.startswith("Not"))
    assert f"the most it may have is {FILES_PER_RUN}" in refused
    listed = api.client.blocking_portal.call(writer["list_files"])
    assert len(listed) == FILES_PER_RUN


async def test_files_saved_at_once_stop_at_the_runs_bytes(api: Api) -> None:
    # Given a run, and a quota of 1,000 bytes in all
    run_id = await run_of(api)
    service: AssetService = api.client.app.state.services.assets
    quota = RunQuota(max_files=FILES_PER_RUN, max_bytes=1000)
    assert quota.max_bytes < FILE_BYTES_PER_RUN

    # When four steps each save 400 bytes at once
    saves = [
        service.access(api.user.claims, run_id, f"step-{i}", "").save(
            f"part-{i}.txt", b"x" * 400, quota=quota
        )
        for i in range(4)
    ]

    async def all_four() -> list[Any]:
        return await asyncio.gather(*saves, return_exceptions=True)

    results = api.client.blocking_portal.call(all_four)

    # Then two are stored (800 bytes), and the others are refused saying how full the run is
    stored = [r for r in results if isinstance(r, dict)]
    refused = [r for r in results if isinstance(r, AssetStepFailed)]
    assert (len(stored), len(refused)) == (2, 2), results
    assert "hold 800 bytes" in str(refused[0])
    # and a save without a quota (a media step's output) is not held to it
    render = service.access(api.user.claims, run_id, "render", "")
    api.client.blocking_portal.call(lambda: render.save("frame.txt", b"y" * 400))
    late = service.access(api.user.claims, run_id, "late", "")
    with pytest.raises(AssetStepFailed):
        api.client.blocking_portal.call(lambda: late.save("late.txt", b"z", quota=quota))
