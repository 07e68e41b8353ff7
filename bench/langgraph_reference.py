"""The reference: the same chain and fan-out in LangGraph with its Postgres checkpointer
(durability "sync"), on the same embedded Postgres, in the same benchmark run.

Runs in its own virtualenv (bench/.venv-langgraph, made by `make bench`) so LangGraph's
dependencies never touch the engine's. Prints one JSON object on stdout.
"""

from __future__ import annotations

import json
import operator
import statistics
import sys
import time
import uuid
from typing import Annotated, Any, TypedDict

from langgraph.checkpoint.postgres import PostgresSaver
from langgraph.graph import END, START, StateGraph


class ChainState(TypedDict):
    value: int


class FanState(TypedDict):
    results: Annotated[list[int], operator.add]


def chain(n: int) -> StateGraph[Any]:
    graph: StateGraph[Any] = StateGraph(ChainState)
    for i in range(n):
        graph.add_node(f"n{i}", lambda state: {"value": state["value"] + 1})
    graph.add_edge(START, "n0")
    for i in range(n - 1):
        graph.add_edge(f"n{i}", f"n{i + 1}")
    graph.add_edge(f"n{n - 1}", END)
    return graph


def fan(n: int) -> StateGraph[Any]:
    graph: StateGraph[Any] = StateGraph(FanState)
    graph.add_node("start", lambda state: {"results": []})
    graph.add_node("join", lambda state: {"results": [sum(state["results"])]})
    graph.add_edge(START, "start")
    for i in range(n):
        graph.add_node(f"b{i}", lambda state, i=i: {"results": [i]})
        graph.add_edge("start", f"b{i}")
        graph.add_edge(f"b{i}", "join")
    graph.add_edge("join", END)
    return graph


def per_node(app: Any, nodes: int, rounds: int, initial: dict[str, Any]) -> list[float]:
    samples = []
    for _ in range(rounds):
        config = {"configurable": {"thread_id": str(uuid.uuid4())}}
        start = time.perf_counter()
        app.invoke(initial, config, durability="sync")
        samples.append((time.perf_counter() - start) / nodes * 1000)
    return samples


def main() -> None:
    url, chain_nodes, fan_width, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    with PostgresSaver.from_conn_string(url) as saver:
        saver.setup()
        chain_app = chain(chain_nodes).compile(checkpointer=saver)
        fan_app = fan(fan_width).compile(checkpointer=saver)
        per_node(chain_app, chain_nodes, 1, {"value": 0})  # warm up
        chain_ms = per_node(chain_app, chain_nodes, rounds, {"value": 0})
        fan_ms = per_node(fan_app, fan_width + 2, rounds, {"results": []})
    print(
        json.dumps(
            {
                "chain_ms_per_node": {"median": statistics.median(chain_ms), "samples": chain_ms},
                "fan_ms_per_node": {"median": statistics.median(fan_ms), "samples": fan_ms},
            }
        )
    )


if __name__ == "__main__":
    main()
