"""What a test run and a fork start with: which steps are seeded, with what (no database)."""

from __future__ import annotations

from typing import Any

from orrery.runs.workbench import fork_seeds, seeds_for_test
from orrery.spec import Graph
from orrery.spec.document import Edge

# start -> route (a router) -> on "yes": write -> publish; on "no": apologise
GRAPH = Graph(
    ["start", "route", "write", "apologise", "publish"],
    [
        Edge(id="e1", source="start", target="route"),
        Edge(id="e2", source="route", target="write", source_handle="yes"),
        Edge(id="e3", source="route", target="apologise", source_handle="no"),
        Edge(id="e4", source="write", target="publish"),
    ],
)


def _step(status: str, output: Any = None, handles: list[str] | None = None) -> dict[str, Any]:
    return {"status": status, "output": output, "handles": handles, "run_id": "last-run"}


def test_a_node_behind_the_route_the_last_run_did_not_take_still_runs_in_its_test() -> None:
    # Given a last run whose router took "no"
    earlier = {"start": _step("succeeded", {"topic": "owls"}), "route": _step("succeeded", "no", ["no"])}

    # When the user tests `write` (on the "yes" route)
    seeds, missing = seeds_for_test(GRAPH, "write", earlier, pins={}, edited={})

    # Then its upstream is seeded from the last run, with every route of its router live, and
    # everything else is skipped
    assert missing == []
    assert (seeds["route"].status, seeds["route"].handles) == ("succeeded", None)
    assert (seeds["start"].output, seeds["start"].source) == ({"topic": "owls"}, "last-run")
    assert {n for n, s in seeds.items() if s.status == "skipped"} == {"apologise", "publish"}
    assert "write" not in seeds


def test_a_pin_stands_in_for_its_node_and_for_what_is_upstream_of_it() -> None:
    # Given no run yet, and a pinned output on the router
    # When the user tests `write`
    seeds, missing = seeds_for_test(GRAPH, "write", earlier={}, pins={"route": "yes"}, edited={})

    # Then the pin is used, and `start` (needed by nothing but the pinned router) is skipped
    assert missing == []
    assert (seeds["route"].output, seeds["route"].source) == ("yes", "pin")
    assert seeds["start"].status == "skipped"


def test_an_upstream_node_with_no_data_anywhere_is_named() -> None:
    _, missing = seeds_for_test(GRAPH, "publish", earlier={}, pins={}, edited={})
    assert missing == ["start", "route", "write"]


def test_a_fork_seeds_everything_but_its_step_and_what_follows() -> None:
    # Given an origin run that took "yes" and finished
    origin = {
        "start": _step("succeeded", {"topic": "owls"}),
        "route": _step("succeeded", "yes", ["yes"]),
        "write": _step("succeeded", "draft"),
        "apologise": _step("skipped"),
        "publish": _step("succeeded", "draft"),
    }

    # When it is forked from `write` with edited inputs (the input node's output)
    seeds = fork_seeds(GRAPH, "write", origin, "origin", edited={"start": {"topic": "bats"}})

    # Then write and publish run again; the rest keeps the origin's results (or the edit)
    assert set(seeds) == {"start", "route", "apologise"}
    assert (seeds["start"].output, seeds["start"].source) == ({"topic": "bats"}, "pin")
    assert (seeds["route"].handles, seeds["route"].source) == (["yes"], "origin")
    assert seeds["apologise"].status == "skipped"
