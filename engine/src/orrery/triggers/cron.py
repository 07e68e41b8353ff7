"""Cron expressions in a time zone: validation, the next fire times, the fires due by a moment.

A schedule says "every Monday at 9" in the time zone of the person who wrote it
(`Europe/Paris`), so fire times are computed there (croniter over zoneinfo: a daylight-saving
change moves the UTC time, not the local one) and stored in UTC. Five fields (minute precision)
or a croniter macro (`@hourly`, `@daily`, ...); seconds are refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter

from orrery.triggers.errors import InvalidTrigger

_CRON_HELP = "five fields (minute hour day month weekday) or @hourly, @daily, ..."
_MACROS = frozenset({"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"})


@dataclass(frozen=True, slots=True)
class Cron:
    expression: str
    zone: ZoneInfo

    def next_after(self, moment: datetime) -> datetime:
        """The first fire strictly after `moment` (UTC)."""
        found: datetime = croniter(self.expression, moment.astimezone(self.zone)).get_next(datetime)
        return found.astimezone(UTC)

    def next_fires(self, after: datetime, count: int) -> list[datetime]:
        """The `count` fires after `after` (UTC)."""
        fires: list[datetime] = []
        moment = after
        for _ in range(count):
            moment = self.next_after(moment)
            fires.append(moment)
        return fires

    def latest_by(self, moment: datetime) -> datetime:
        """The last fire at or before `moment` (UTC)."""
        local = moment.astimezone(self.zone)
        previous: datetime = croniter(self.expression, local).get_prev(datetime)
        following = self.next_after(previous)
        return following if following <= moment else previous.astimezone(UTC)


def parse(expression: str, timezone: str) -> Cron:
    """A `Cron`, or `InvalidTrigger` naming the field that is wrong."""
    text = " ".join(expression.split())
    if text.lower() not in _MACROS and (len(text.split(" ")) != 5 or not croniter.is_valid(text)):
        raise InvalidTrigger(
            f"`{expression}` is not a cron expression",
            [
                {
                    "field": "cron",
                    "message": "five fields (minute hour day month weekday) or @hourly, @daily, ...",
                }
            ],
        )
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidTrigger(
            f"`{timezone}` is not a time zone",
            [{"field": "timezone", "message": "an IANA time zone name, e.g. Europe/Paris or UTC"}],
        ) from exc
    return Cron(text.lower() if text.startswith("@") else text, zone)
