"""A workflow that remembers and recalls, on a real worker: input -> memory_write ->
memory_search -> output, as the run's owner."""

from __future__ import annotations

from tests.runner.conftest import Api, WorkerProcess
from tests.runner.test_scheduling import edge, node, workflow


async def test_a_run_writes_to_memory_and_finds_it_again(api: Api, worker: WorkerProcess) -> None:
    # Given a workflow that stores a script, then searches its collection about the topic
    spec = workflow(
        [
            node("start", "input"),
            node(
                "remember",
                "memory_write",
                {"collection": "Scripts", "content": "{{ inputs.script }}", "title": "{{ inputs.topic }}"},
            ),
            node("recall", "memory_search", {"collection": "Scripts", "query": "{{ inputs.topic }}", "k": 3}),
            node("result", "output", {"name": "found", "value": "{{ steps.recall.output.results }}"}),
        ],
        [edge("start", "remember"), edge("remember", "recall"), edge("recall", "result")],
        {"topic": {"type": "string"}, "script": {"type": "string"}},
    )
    workflow_id = api.create_workflow(spec)
    script = "Today we glaze a bowl in cobalt blue and fire it in the kiln."

    # When the user runs it twice with the same script
    runs = []
    for _ in range(2):
        response = await api.start(workflow_id, {"topic": "Glazing a bowl", "script": script})
        assert response.status_code == 202, response.text
        runs.append(await api.wait(response.json()["id"], timeout=90))

    # Then both succeed; the first stored the script, the second found it already there
    for run in runs:
        assert run["status"] == "succeeded", run
        (hit,) = run["outputs"]["found"]
        assert (hit["document_title"], hit["content"]) == ("Glazing a bowl", script)
    writes = [next(s for s in run["steps"] if s["node_id"] == "remember") for run in runs]
    assert [w["output"]["deduplicated"] for w in writes] == [False, True]
    assert writes[0]["output"]["document_id"] == writes[1]["output"]["document_id"]
    # And the collection is the user's own, created by the first run
    listed = await api.client.get("/api/v1/memory/collections", headers=api.headers)
    assert [(c["name"], c["document_count"]) for c in listed.json()] == [("Scripts", 1)]
