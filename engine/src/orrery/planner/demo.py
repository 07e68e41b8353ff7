"""The demo planner: a deterministic analysis of a request from its words, offline, no key.

It is not a language model; it reads cues, so `make dev` can draft workflows with no
provider configured (and every draft is labelled `planner: "demo"`):
- sequence: the request is cut into clauses at ".", ";", ",", "then" and "and"; each
  clause is a step after the one before it;
- parallel: "both A and B" makes two steps after the same one; a clause starting with
  "also", "meanwhile", "at the same time" or "in parallel" runs beside the step before it;
- "for each", "each of", "for every" (or a clause ending "for each"/"each"): the step runs
  once per item of the list the step before it makes (which is asked for a list, as many
  items as a number word says: "three topics" -> 3);
- "ask me", "approve", "let me review", "check with me" -> an approval; "ask me before X"
  is an approval, then X;
- "every Monday at 8am", "daily", "weekdays"... -> the schedule (not a node; its cron:
  `orrery.planner.schedule`);
- "research", "find", "gather" -> a research agent; "write", "draft", "create" -> a writing
  agent; "summarise" -> a summarising agent; "save/store ... memory/notes" -> memory_write;
  "search my notes/memory" -> memory_search; a URL or "fetch" -> http; anything else -> an agent.
"""

from __future__ import annotations

import re
from typing import Final

from orrery.planner import schedule as schedules
from orrery.planner.analysis import Analysis, Step, StepKind, normalise, unique_id

_URL: Final = re.compile(r"https?://[^\s,;\"'<>]+[^\s,;\"'<>.]")
_CLAUSE_BREAK: Final = re.compile(
    r"\s*(?:[.;!?](?:\s+|$)|,\s*(?:and\s+)?(?:then\s+)?|\band then\b|\bthen\b)\s*"
)
_AND: Final = re.compile(r"\s+and\s+", re.IGNORECASE)
_BOTH: Final = re.compile(r"^(?P<verb>.*?)\bboth\s+(?P<a>.+?)\s+and\s+(?P<b>.+)$", re.IGNORECASE)
_PARALLEL: Final = re.compile(
    r"^(?:also|meanwhile|at the same time|in parallel|simultaneously)\b[\s,]*", re.IGNORECASE
)
_EACH: Final = (
    r"(?:for each(?: of)?(?: (?:them|these|those|it|one))?|for every(?: one)?|"
    r"each of (?:them|these|those)|for all of (?:them|these|those))"
)
_FOR_EACH_LEAD: Final = re.compile(rf"^{_EACH}\b\s*(?P<rest>.*)$", re.IGNORECASE)
_FOR_EACH_ANY: Final = re.compile(rf"\b{_EACH}\b|\beach\s*$", re.IGNORECASE)
_APPROVAL: Final = re.compile(
    r"\b(?:ask me|approve|approval|let me (?:review|check|see)|check with me|wait for me|sign[- ]off)\b",
    re.IGNORECASE,
)
_BEFORE: Final = re.compile(r"\bbefore\s+(?P<rest>.+)$", re.IGNORECASE)
_MEMORY_SEARCH: Final = re.compile(
    r"\b(?:search|look (?:up|in|through)|check|query|use)\b.*\b(?:my|our|the)\s+(?:notes|memory|memories)\b",
    re.IGNORECASE,
)
_MEMORY_WRITE: Final = re.compile(
    r"\b(?:sav|stor|remember|keep|add|put|fil)\w*\b.*\b(?:memory|memories|notes)\b", re.IGNORECASE
)
_FETCH: Final = re.compile(r"\b(?:fetch|download|scrape|read the page|get the page|load the page)\b", re.I)
_KINDS: Final[tuple[tuple[StepKind, re.Pattern[str]], ...]] = (
    ("summarise", re.compile(r"\b(?:summari[sz]e|condense|sum up|digest|tl;?dr|recap)\w*", re.I)),
    (
        "research",
        re.compile(
            r"\b(?:research|find|look up|gather|collect|investigate|explore|discover|identify)\w*", re.I
        ),
    ),
    (
        "write",
        re.compile(
            r"\b(?:write|draft|compose|create|generate|produce|turn|rewrite|translate|make|prepare)\w*", re.I
        ),
    ),
)
_NUMBERS: Final = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "a few": 3, "several": 4, "a couple of": 2, "some": 3,
}  # fmt: skip
_NUMBER: Final = re.compile(r"\b(?P<n>\d{1,2}|" + "|".join(map(re.escape, _NUMBERS)) + r")\b", re.I)
_FILLER: Final = re.compile(
    r"^(?:and|then|so|please|i want (?:you )?to|i'd like to|i need to|we|to)\s+", re.I
)
_VERBS: Final = {
    "research": "A research agent",
    "write": "A writing agent",
    "summarise": "A summarising agent",
    "agent": "An agent",
    "approval": "Pauses for your approval",
    "memory_write": "Saves to memory",
    "memory_search": "Searches your notes",
    "http": "Fetches",
}


def analyse(description: str) -> Analysis:
    """The demo planner's analysis of `description` (deterministic: same words, same analysis)."""
    text = " ".join(description.split())
    schedule_match = schedules.find(text)
    schedule = schedule_match.group(0) if schedule_match else None
    if schedule_match:
        text = (text[: schedule_match.start()] + text[schedule_match.end() :]).strip(" ,")
    steps: list[Step] = []
    taken: set[str] = {"start", "result"}
    previous: list[str] = []
    """The step(s) the next sequential step comes after."""
    before_previous: list[str] = []
    pending_for_each = False
    for clause in _clauses(text):
        if (lead := _FOR_EACH_LEAD.match(clause)) and not _kind_of(lead["rest"]):
            pending_for_each = True
            continue
        parallel = bool(_PARALLEL.match(clause))
        clause = _PARALLEL.sub("", clause)
        for_each = pending_for_each or bool(_FOR_EACH_ANY.search(clause))
        pending_for_each = False
        after = before_previous if parallel and steps else previous
        made = _steps_of(clause, after, for_each, taken)
        if not made:
            continue
        if for_each and made[0].after:
            _ask_for_a_list(steps, made[0].after[0], clause)
        steps.extend(made)
        if parallel and steps:
            previous = [*previous, *_ends(made)]
        else:
            before_previous = after
            previous = _ends(made)
    if not steps:
        steps.append(_step("agent", text or "Answer the request", [], False, taken))
    goal = text[:1].upper() + text[1:] if text else "Draft a workflow"
    return normalise(Analysis(goal=goal, steps=steps, schedule=schedule))


def _clauses(text: str) -> list[str]:
    found: list[str] = []
    for piece in _CLAUSE_BREAK.split(text):
        piece = piece.strip()
        if not piece:
            continue
        if _BOTH.match(piece):
            found.append(piece)
            continue
        found.extend(part.strip() for part in _AND.split(piece) if part.strip())
    return [_FILLER.sub("", clause) for clause in found]


def _steps_of(clause: str, after: list[str], for_each: bool, taken: set[str]) -> list[Step]:
    """The step(s) one clause makes: usually one; "both A and B" two side by side; "ask me
    before X" an approval then X."""
    if _APPROVAL.search(clause):
        approval = _step("approval", clause, after, False, taken)
        before = _BEFORE.search(clause)
        if before and (kind := _kind_of(before["rest"])):
            then = _step(kind, before["rest"], [approval.id], False, taken)
            return [approval, then]
        return [approval]
    if both := _BOTH.match(clause):
        verb = both["verb"].strip()
        kind = _kind_of(verb) or "agent"
        first = _step(kind, f"{verb} {both['a']}", after, for_each, taken)
        second = _step(kind, f"{verb} {both['b']}", after, for_each, taken)
        return [first, second]
    kind = _kind_of(clause)
    if kind is None and len(clause.split()) < 2:
        return []
    return [_step(kind or "agent", clause, after, for_each, taken)]


def _kind_of(clause: str) -> StepKind | None:
    if _MEMORY_SEARCH.search(clause):
        return "memory_search"
    if _MEMORY_WRITE.search(clause):
        return "memory_write"
    if _URL.search(clause) or _FETCH.search(clause):
        return "http"
    for kind, pattern in _KINDS:
        if pattern.search(clause):
            return kind
    return None


def _step(kind: StepKind, clause: str, after: list[str], for_each: bool, taken: set[str]) -> Step:
    clause = clause.strip(" ,")
    words = _FOR_EACH_ANY.sub("", clause).strip(" ,") or clause
    title = _title(kind, words)
    url_match = _URL.search(clause)
    task = words[:1].upper() + words[1:]
    explanation = f"{_VERBS[kind]}: {task}."
    if for_each:
        explanation += " Runs once for each item of the list before it."
    return Step(
        id=unique_id(title, taken),
        kind=kind,
        title=title,
        task=task,
        explanation=explanation,
        after=list(after),
        for_each=for_each,
        url=url_match.group(0) if url_match and kind == "http" else None,
    )


def _title(kind: StepKind, words: str) -> str:
    if kind == "approval":
        return "Your approval"
    if kind == "memory_write":
        return "Save to memory"
    if kind == "memory_search":
        return "Search your notes"
    if kind == "http":
        return "Fetch the page"
    short = " ".join(_URL.sub("", words).split()[:4]).strip(" ,.")
    return (short[:1].upper() + short[1:]) or kind.capitalize()


def _ask_for_a_list(steps: list[Step], step_id: str, clause: str) -> None:
    """The step a `for_each` step walks makes a list: as many items as its words say."""
    for index, step in enumerate(steps):
        if step.id == step_id and step.kind not in ("approval", "memory_write"):
            number = _NUMBER.search(step.task)
            count = None
            if number:
                word = number["n"].lower()
                count = int(word) if word.isdigit() else _NUMBERS[word]
            steps[index] = Step(
                id=step.id,
                kind=step.kind,
                title=step.title,
                task=step.task,
                explanation=step.explanation + " It makes a list, one item each for the next step.",
                after=step.after,
                for_each=step.for_each,
                items=max(1, min(count or 3, 10)),
                url=step.url,
            )


def _ends(made: list[Step]) -> list[str]:
    """What the next step comes after: the last of a chain, or both sides of "both A and B"."""
    if len(made) == 2 and made[0].after == made[1].after:
        return [made[0].id, made[1].id]
    return [made[-1].id]
