"""A code node's mistakes are found when the workflow is validated, before anything runs."""

from __future__ import annotations

from typing import Any

from orrery.nodes import NodeServices, Registry, build_registry, default_registry
from orrery.nodes.code.syntax import syntax_problem
from orrery.settings import CodeSettings
from orrery.spec import Problem, decode_workflow, validate


def document(config: dict[str, Any]) -> dict[str, Any]:
    return {
        "schema": "orrery.workflow/v1",
        "inputs": {},
        "nodes": [
            {"id": "start", "type": "input", "config": {}},
            {"id": "shape", "type": "code", "config": config},
            {
                "id": "result",
                "type": "output",
                "config": {"name": "out", "value": "{{ steps.shape.output }}"},
            },
        ],
        "edges": [
            {"id": "a", "source": "start", "target": "shape"},
            {"id": "b", "source": "shape", "target": "result"},
        ],
    }


def problems(config: dict[str, Any], registry: Registry | None = None) -> list[Problem]:
    return validate(decode_workflow(document(config)), registry or default_registry())


def test_a_syntax_error_is_a_problem_on_the_code_field_with_its_line_and_column() -> None:
    # Given code whose second line is cut short
    config = {"code": "const scenes = input.inputs.scenes;\nconst first = ;\nreturn first;"}

    # When the workflow is validated
    (problem,) = problems(config)

    # Then the problem sits on the node's code field and says where
    assert (problem.node_id, problem.path) == ("shape", "config.code")
    assert problem.message == "SyntaxError: Unexpected token ';' at line 2, column 15"


def test_the_new_node_and_its_default_code_validate() -> None:
    default = default_registry().get("code").default_config

    assert problems(dict(default)) == []


def test_validation_never_runs_the_code() -> None:
    # Given code that would loop forever if it ran, and code that tries to break out of its function
    endless = "while (true) {}"
    breakout = "}); while (true) {} (function () {"

    # When both are checked (each would hang validation if anything ran)
    fine, broken = syntax_problem(endless), syntax_problem(breakout)

    # Then the first parses, and the second is refused as not one function body
    assert fine is None
    assert broken is not None
    assert "closes the function it runs in" in broken.describe()


def test_an_unclosed_brace_points_at_the_last_line() -> None:
    problem = syntax_problem("if (input.inputs.ready) {\n  return 1;")

    assert problem is not None
    assert problem.describe() == (
        "SyntaxError: Unexpected end of input (a bracket, brace, string or comment is not closed) at line 2"
    )


def test_limits_above_the_operators_maximum_are_refused() -> None:
    # Given a server that allows at most 5 s and 128 MB
    registry = build_registry(NodeServices(code=CodeSettings(max_timeout_s=5, max_memory_mb=128)))

    # When a node asks for more
    found = problems({"code": "return 1;", "time_limit_s": 10, "memory_limit_mb": 512}, registry)

    # Then each limit is a problem naming the maximum and the setting
    assert sorted((p.path, p.message.split(": ", 1)[-1]) for p in found) == [
        ("config.memory_limit_mb", "At most 128 MB on this server (ORRERY_CODE_MAX_MEMORY_MB)."),
        ("config.time_limit_s", "At most 5 s on this server (ORRERY_CODE_MAX_TIMEOUT_S)."),
    ]


def test_the_code_field_is_marked_for_a_javascript_editor() -> None:
    schema = default_registry().get("code").config_schema()

    assert schema["properties"]["code"]["format"] == "javascript"
