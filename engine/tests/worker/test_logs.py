"""A user's key in a URL never reaches the worker's log (issue 14, point 12): the worker
used to log every outbound URL, query string included, through httpx's INFO logger."""

from __future__ import annotations

from tests.runner.conftest import Api, WorkerProcess, shared_workers
from tests.runner.test_scheduling import edge, node, workflow
from tests.support.local_server import LocalServer

KEY = "sk-live-PLANTED-4f2a9c0e1b7d3a55"


async def test_an_api_key_in_an_http_nodes_url_stays_out_of_the_worker_log(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given a workflow whose http node calls an API with the user's key in the query string
    spec = workflow(
        [
            node("start", "input"),
            node("call", "http", {"url": web.url(f"/echo?api_key={KEY}&q=mugs")}),
            node("result", "output", {"value": "{{ steps.call.output.status }}"}),
        ],
        [edge("start", "call"), edge("call", "result")],
    )

    # When a real worker runs it
    run_id = (await api.start(api.create_workflow(spec))).json()["id"]
    run = await api.wait(run_id)

    # Then the request was made with the key
    assert run["status"] == "succeeded", run
    assert any(r["path"] == "/echo" for r in web.requests)
    # and no worker wrote the key to its log
    logs = [w.output() for w in shared_workers]
    assert logs
    for log in logs:
        assert KEY not in log
