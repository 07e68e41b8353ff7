"""When a request asks to run: the phrase found in it, and the cron expression it means.

"every Monday research three topics..." asks for a schedule; the planner (demo or model)
finds the phrase, and this module turns it into a five-field cron expression the triggers
API takes, read on the user's clock (the editor offers the browser's time zone; UTC when
the phrase says so). It knows the common phrasings and nothing more:

- every day / daily / each morning (at 9, at 9:30, at 5pm, at noon...), every evening;
- every Monday (and Thursday...), on Mondays; weekdays; weekends;
- every hour / hourly; every N minutes; every N hours;
- weekly (Mondays); monthly (on the 1st, or "on the 15th").

A day without a time runs at 09:00 (18:00 for "evening", 21:00 for "night"). Any other
phrasing gives no cron and a note saying so: the editor then creates no schedule, and the
Triggers panel takes a cron by hand. Both planners' phrases go through `propose`.
"""

from __future__ import annotations

import re
from typing import Final

import msgspec

_DAYS: Final = {
    "monday": 1, "mon": 1, "tuesday": 2, "tue": 2, "tues": 2, "wednesday": 3, "wed": 3,
    "thursday": 4, "thu": 4, "thur": 4, "thurs": 4, "friday": 5, "fri": 5,
    "saturday": 6, "sat": 6, "sunday": 0, "sun": 0,
}  # fmt: skip
_DAY_NAMES: Final = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
_NUMBER_WORDS: Final = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30,
}  # fmt: skip
_DAY: Final = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?s?"
_TIME: Final = (
    r"(?:(?:at|@)\s+)?(?:\d{1,2}(?:[:.h]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}[:h]\d{2}|noon|midday|midnight)"
    r"|at\s+\d{1,2}(?:[.]\d{2})?(?:\s*o'?clock)?"
)
_TZ: Final = r"(?:\s+(?:utc|gmt))?"
_COUNT: Final = r"(?:\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")"
_ORDINAL: Final = r"\d{1,2}(?:st|nd|rd|th)?"
_WHEN: Final = (
    r"(?:every|each|on)\s+" + _DAY + r"(?:\s*(?:,|and|&)\s*" + _DAY + r")*"
    r"|every\s+(?:day|morning|evening|night|week(?:day)?|weekend|month|hour|minute)s?"
    r"|every\s+(?:other\s+)?" + _COUNT + r"\s+(?:minute|min|hour|hr)s?"
    r"|each\s+(?:morning|evening|night|day|week(?:day)?|month|hour)"
    r"|(?:on\s+)?(?:weekdays|weekends)|daily|nightly|weekly|monthly|hourly"
    r"|(?:on\s+)?the\s+" + _ORDINAL + r"\s+of\s+(?:every|each)\s+month"
)
PHRASE: Final = re.compile(
    rf"\b(?:(?:{_TIME})\s+)?(?:{_WHEN})"
    rf"(?:\s+(?:on\s+the\s+{_ORDINAL}(?:\s+of\s+the\s+month)?|(?:on|every)\s+{_DAY}))?"
    rf"(?:\s+(?:{_TIME}))?{_TZ}\b",
    re.IGNORECASE,
)
"""A schedule phrase inside a request ("every Monday at 8am", "daily at 9", "weekdays")."""


class ScheduleProposal(msgspec.Struct, kw_only=True):
    """The schedule a request asked for, as the triggers API takes it."""

    phrase: str
    """The words of the request ("every Monday")."""
    cron: str | None = None
    """Five fields (`minute hour day month weekday`), or None when the phrase was not understood."""
    timezone: str | None = None
    """`UTC` when the phrase said so; None: the user's own (the editor offers the browser's)."""
    summary: str = ""
    """The cron in words: "every Monday at 09:00"."""
    note: str | None = None
    """Why there is no cron (or what to know about it)."""


def find(text: str) -> re.Match[str] | None:
    """The first schedule phrase in `text`, if any."""
    return PHRASE.search(text)


def propose(phrase: str | None) -> ScheduleProposal | None:
    """The cron a schedule phrase means (None for no phrase; no cron and a note when unknown)."""
    if phrase is None or not phrase.strip():
        return None
    words = " ".join(phrase.split())
    parsed = to_cron(words)
    if parsed is None:
        return ScheduleProposal(
            phrase=words,
            note=f"“{words}” is not a schedule the planner can set up by itself: add one in the "
            "Triggers panel after saving (a cron expression).",
        )
    cron, summary, note = parsed
    zone = "UTC" if re.search(r"\b(?:utc|gmt)\b", words, re.IGNORECASE) else None
    return ScheduleProposal(phrase=words, cron=cron, timezone=zone, summary=summary, note=note)


def to_cron(phrase: str) -> tuple[str, str, str | None] | None:
    """(cron, the cron in words, a note or None) for a phrase, or None when not understood."""
    text = " ".join(phrase.lower().split()).strip(" ,.")
    text = re.sub(r"\b(?:utc|gmt)\b", "", text).strip()
    if every := re.search(r"\bevery\s+(?:other\s+)?(" + _COUNT + r")?\s*(minute|min|hour|hr)s?\b", text):
        return _interval(every.group(1), every.group(2), "other" in every.group(0))
    if re.search(r"\b(?:hourly|each hour)\b", text):
        return _interval(None, "hour", False)
    try:
        at = _time_of(text)
    except ValueError:  # "at 25:00"
        return None
    default_hour = 18 if "evening" in text else 21 if re.search(r"\bnight", text) else 9
    hour, minute = at if at is not None else (default_hour, 0)
    clock = f"{hour:02d}:{minute:02d}"
    month_day = re.search(r"\bthe\s+(\d{1,2})(?:st|nd|rd|th)?\b", text)
    if re.search(r"\b(?:monthly|month)\b", text):
        day = int(month_day.group(1)) if month_day else 1
        if not 1 <= day <= 31:
            return None
        note = "Months without that day are skipped." if day > 28 else None
        return f"{minute} {hour} {day} * *", f"on the {_ordinal(day)} of every month at {clock}", note
    days = _days_of(_without_weekday(text))
    if re.search(r"\bweekdays?\b", text):
        days = sorted({1, 2, 3, 4, 5, *days}, key=lambda d: (d + 6) % 7)
    if re.search(r"\bweekends?\b", text):
        days = sorted({6, 0, *days}, key=lambda d: (d + 6) % 7)
    if days == [1, 2, 3, 4, 5]:
        return f"{minute} {hour} * * 1-5", f"every weekday (Monday to Friday) at {clock}", None
    if days:
        names = [_DAY_NAMES[d] for d in days]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return f"{minute} {hour} * * {','.join(map(str, days))}", f"every {listed} at {clock}", None
    if re.search(r"\b(?:weekly|week)\b", text):
        return f"{minute} {hour} * * 1", f"every Monday at {clock}", None
    if re.search(r"\b(?:daily|nightly|day|morning|evening|night)\b", text):
        return f"{minute} {hour} * * *", f"every day at {clock}", None
    return None


def _interval(count: str | None, unit: str, other: bool) -> tuple[str, str, str | None] | None:
    n = 1 if count is None else int(count) if count.isdigit() else _NUMBER_WORDS[count]
    n *= 2 if other else 1
    if unit.startswith("m"):
        if not 1 <= n <= 59:
            return None
        if n == 1:
            return "* * * * *", "every minute", None
        note = None if 60 % n == 0 else f"Runs at minute 0 of each hour and every {n} minutes after it."
        return f"*/{n} * * * *", f"every {n} minutes", note
    if not 1 <= n <= 23:
        return None
    if n == 1:
        return "0 * * * *", "every hour, on the hour", None
    note = None if 24 % n == 0 else f"Runs at midnight and every {n} hours after it, each day."
    return f"0 */{n} * * *", f"every {n} hours, on the hour", note


_CLOCK: Final = re.compile(r"(?:\bat\s+|@\s*|\b)(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?(?![\w:])")


def _time_of(text: str) -> tuple[int, int] | None:
    """(hour, minute) the phrase names, None when it names none; ValueError when it is not a time."""
    if re.search(r"\b(?:noon|midday)\b", text):
        return 12, 0
    if re.search(r"\bmidnight\b", text):
        return 0, 0
    for found in _CLOCK.finditer(text):
        hour, minute, half = int(found.group(1)), int(found.group(2) or 0), found.group(3)
        said_at = found.group(0).lstrip().startswith(("at", "@"))
        after = text[found.end() :].lstrip()
        if not (half or found.group(2) or said_at) or re.match(r"(?:st|nd|rd|th|minute|min|hour|hr)", after):
            continue  # "the 15th", "every 2 hours": not a time of day
        if half:
            if not 1 <= hour <= 12:
                raise ValueError(found.group(0))
            hour = hour % 12 + (12 if half.startswith("p") else 0)
        if hour > 23 or minute > 59:
            raise ValueError(found.group(0))
        return hour, minute
    return None


def _without_weekday(text: str) -> str:
    return re.sub(r"\bweekdays?\b", "", text)


def _days_of(text: str) -> list[int]:
    found = re.findall(r"\b(" + _DAY + r")\b", text)
    days: list[int] = []
    for word in found:
        key = word.rstrip("s") if word.rstrip("s") in _DAYS else word
        key = key if key in _DAYS else key[:3]
        if key in _DAYS and _DAYS[key] not in days:
            days.append(_DAYS[key])
    return sorted(days, key=lambda d: (d + 6) % 7)  # Monday first, Sunday last


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
