"""The planner on its corpus: the share of drafts valid on the first try and after repair.

For each request in engine/tests/planner/corpus.json the planner analyses it, the draft is
validated as built (first try), then repaired from the validator's problems for at most
three rounds (after repair); the share whose shape is the corpus's (node types, parallel
steps, approvals, maps) is reported too, and of the requests that ask for a schedule, the
share whose phrase became a cron (`orrery.planner.schedule`). The demo planner always runs
(offline); a provider runs when its key is in the environment (OPENAI_API_KEY,
ANTHROPIC_API_KEY, GEMINI_API_KEY, MISTRAL_API_KEY, GROQ_API_KEY; the model from
ORRERY_BENCH_<PROVIDER>_MODEL, else the provider's first example model); without one its row
says "no provider key present" and names the variable.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from orrery.agents.catalog import PROVIDERS
from orrery.agents.credential import ResolvedCredential
from orrery.agents.pricing import PriceTable
from orrery.net import SafeHttpClient
from orrery.nodes import default_registry
from orrery.planner import DraftInvalid, PlannerModelFailed, finish
from orrery.planner.analysis import Analysis
from orrery.planner.demo import analyse
from orrery.planner.draft import ModelChoice, build_draft
from orrery.planner.llm import analyse_with_model
from orrery.planner.schedule import propose
from orrery.spec import validate

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "engine" / "tests" / "planner" / "corpus.json"
sys.path.insert(0, str(ROOT / "engine"))
from tests.planner.shapes import shape

KEYS = {
    "openai": "OPENAI_API_KEY",
    "anthropic": "ANTHROPIC_API_KEY",
    "google": "GEMINI_API_KEY",
    "mistral": "MISTRAL_API_KEY",
    "groq": "GROQ_API_KEY",
}


def _score(
    cases: list[dict[str, Any]], analyses: list[Analysis | None], choice: ModelChoice
) -> dict[str, Any]:
    registry = default_registry()
    first = repaired = shaped = failed = scheduled = 0
    rounds: list[int] = []
    for case, analysis in zip(cases, analyses, strict=True):
        if analysis is None:
            failed += 1
            continue
        proposal = propose(analysis.schedule)
        scheduled += bool(case.get("schedule") and proposal is not None and proposal.cron)
        draft = build_draft(analysis, choice)
        first += not validate(draft.document, registry)
        try:
            done = finish(draft.document, registry)
        except DraftInvalid:
            continue
        repaired += 1
        rounds.append(done.repair_rounds)
        expected = {
            k: (sorted(case[k]) if k == "types" else case[k])
            for k in ("types", "parallel", "approvals", "maps")
        }
        shaped += shape(done.document) == expected
    n = len(cases)
    asked = sum(1 for case in cases if case.get("schedule"))
    return {
        "schedule_as_cron": scheduled / asked if asked else None,
        "requests": n,
        "valid_first_try": first / n,
        "valid_after_repair": repaired / n,
        "expected_shape": shaped / n,
        "model_failures": failed,
        "max_repair_rounds": max(rounds, default=0),
    }


async def _provider(provider: str, key: str, cases: list[dict[str, Any]]) -> dict[str, Any]:
    model = os.environ.get(f"ORRERY_BENCH_{provider.upper()}_MODEL") or PROVIDERS[provider].example_models[0]
    credential = ResolvedCredential(id="bench", provider=provider, label="bench", api_key=key)
    analyses: list[Analysis | None] = []
    started = time.perf_counter()
    async with SafeHttpClient() as http:
        for case in cases:
            try:
                analyses.append(
                    await analyse_with_model(
                        case["description"],
                        provider=provider,
                        model=model,
                        credential=credential,
                        http=http,
                        prices=PriceTable.load(),
                    )
                )
            except PlannerModelFailed as exc:
                print(f"   {provider}: {case['description'][:40]}…: {exc}")
                analyses.append(None)
    result = _score(cases, analyses, ModelChoice(provider=provider, model=model))
    result["planner"] = f"{provider}:{model}"
    result["seconds_per_request"] = (time.perf_counter() - started) / len(cases)
    return result


async def run() -> dict[str, Any]:
    cases: list[dict[str, Any]] = json.loads(CORPUS.read_text())["cases"]
    load_before = os.getloadavg()
    started = time.perf_counter()
    demo = _score(cases, [analyse(case["description"]) for case in cases], ModelChoice())
    demo["planner"] = "demo"
    demo["ms_per_request"] = (time.perf_counter() - started) * 1000 / len(cases)
    results: dict[str, Any] = {"demo": demo}
    for provider, variable in KEYS.items():
        key = os.environ.get(variable)
        if not key:
            results[provider] = {"skipped": f"no provider key present (set {variable})"}
            continue
        results[provider] = await _provider(provider, key, cases)
    load_after = os.getloadavg()
    print(f"{'planner':<28}{'first try':>10}{'repaired':>10}{'shape':>8}{'rounds':>8}{'cron':>8}")
    for name, r in results.items():
        if "skipped" in r:
            print(f"{name:<28}{'—':>10}{'—':>10}{'—':>8}{'—':>8}{'—':>8}   {r['skipped']}")
            continue
        cron = "—" if r["schedule_as_cron"] is None else f"{r['schedule_as_cron']:.0%}"
        print(
            f"{r['planner']:<28}{r['valid_first_try']:>10.0%}{r['valid_after_repair']:>10.0%}"
            f"{r['expected_shape']:>8.0%}{r['max_repair_rounds']:>8}{cron:>8}"
        )
    print(f"({len(cases)} requests; demo {demo['ms_per_request']:.1f} ms per draft)")
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} (1 min; 2 cores)")
    results["load_average"] = {"before": load_before[0], "after": load_after[0]}
    return results
