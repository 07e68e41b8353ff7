"""The demo planner reads a request's cues: sequence, "both ... and", "for each", "ask me
before", a schedule, and the kinds of step (research, write, memory, fetch)."""

from __future__ import annotations

from orrery.planner import plan_offline
from orrery.planner.demo import analyse

EXAMPLE = (
    "every Monday research three trending topics in my niche, write a script for each, "
    "and ask me before saving them to memory"
)


def test_the_issue_example_becomes_research_then_a_map_then_an_approval_then_memory() -> None:
    # Given the request from the issue
    # When the demo planner analyses and drafts it
    analysis = analyse(EXAMPLE)
    result = plan_offline(EXAMPLE)

    # Then the steps are in order, the script runs once per topic, the schedule is a suggestion
    assert [(s.kind, s.for_each) for s in analysis.steps] == [
        ("research", False),
        ("write", True),
        ("approval", False),
        ("memory_write", False),
    ]
    assert analysis.schedule == "every Monday"
    assert analysis.steps[0].items == 3
    nodes = {n.id: n for n in result.document.nodes}
    research, script, approval, memory = (s.id for s in analysis.steps)
    # the research agent is asked for a list of three, which the map walks
    assert nodes[research].config["output_schema"]["properties"]["items"]["maxItems"] == 3
    the_map = nodes[script].parent
    assert the_map is not None
    assert nodes[the_map].type == "map"
    assert nodes[the_map].config["items"] == f"{{{{ steps.{research}.output.items }}}}"
    assert "{{ map.item }}" in nodes[script].config["prompt"]
    # the approval reviews every script, and only an approved value is saved
    assert nodes[approval].config["value"] == f"{{{{ steps.{the_map}.output.results }}}}"
    assert nodes[memory].config["content"] == f"{{{{ steps.{approval}.output.value }}}}"
    into_memory = next(e for e in result.document.edges if e.target == memory)
    assert (into_memory.source, into_memory.source_handle) == (approval, "approved")


def test_agents_read_the_step_before_them_and_are_laid_out_left_to_right() -> None:
    # Given a plain sequence
    result = plan_offline("Research the history of espresso, then write a blog post about it")

    # Then the writer's prompt reads the researcher's output, and x grows along the chain
    research, write = (n for n in result.document.nodes if n.type == "agent")
    assert f"{{{{ steps.{research.id}.output }}}}" in write.config["prompt"]
    assert (research.config["provider"], research.config["model"]) == ("demo", "demo")
    xs = [n.position.x for n in result.document.nodes]
    assert xs == sorted(xs)
    assert len(set(xs)) == len(xs)


def test_both_a_and_b_run_side_by_side_and_both_reach_the_output() -> None:
    # Given "both ... and ..." after a summary
    result = plan_offline("Summarise the notes, then write both a tweet and a LinkedIn post")

    # Then the two writers follow the summary in parallel, stacked, and the output picks both
    doc = result.document
    writers = [n for n in doc.nodes if n.type == "agent" and n.label and n.label.startswith("Write")]
    assert len(writers) == 2
    summary = next(n for n in doc.nodes if n.label and n.label.startswith("Summarise"))
    assert {(e.source, e.target) for e in doc.edges} >= {(summary.id, w.id) for w in writers}
    assert writers[0].position.x == writers[1].position.x
    assert writers[0].position.y != writers[1].position.y
    output = next(n for n in doc.nodes if n.type == "output")
    assert set(output.config["pick"]) == {w.id for w in writers}


def test_a_url_is_fetched_and_notes_are_searched() -> None:
    # Given a request naming a URL, and one searching the user's notes
    fetched = plan_offline("Fetch https://example.com/post and summarise it")
    searched = plan_offline("search my notes for recipes, then write a menu")

    # Then the first starts with an http node on that URL, the second with a memory search
    http = next(n for n in fetched.document.nodes if n.type == "http")
    assert http.config["url"] == "https://example.com/post"
    summary = next(n for n in fetched.document.nodes if n.type == "agent")
    assert f"{{{{ steps.{http.id}.output.body }}}}" in summary.config["prompt"]
    assert any(n.type == "memory_search" for n in searched.document.nodes)


def test_the_same_request_gives_the_same_draft() -> None:
    assert plan_offline(EXAMPLE) == plan_offline(EXAMPLE)
