"""The schedule a request asks for becomes a cron expression the triggers API takes: the
common phrasings each have one, read on the user's clock; anything else has none, and a note
that says so (the editor then creates no schedule)."""

from __future__ import annotations

import pytest
from croniter import croniter

from orrery.planner import plan_offline
from orrery.planner.schedule import find, propose

PHRASES = [
    ("every Monday", "0 9 * * 1", "every Monday at 09:00"),
    ("every Monday at 8am", "0 8 * * 1", "every Monday at 08:00"),
    ("at 8am every Tuesday", "0 8 * * 2", "every Tuesday at 08:00"),
    ("every Monday and Thursday at noon", "0 12 * * 1,4", "every Monday and Thursday at 12:00"),
    ("every sunday at midnight", "0 0 * * 0", "every Sunday at 00:00"),
    ("every day at 9", "0 9 * * *", "every day at 09:00"),
    ("daily", "0 9 * * *", "every day at 09:00"),
    ("daily at 17:30", "30 17 * * *", "every day at 17:30"),
    ("each morning", "0 9 * * *", "every day at 09:00"),
    ("every evening", "0 18 * * *", "every day at 18:00"),
    ("weekdays", "0 9 * * 1-5", "every weekday (Monday to Friday) at 09:00"),
    ("every weekday at 7:45 am", "45 7 * * 1-5", "every weekday (Monday to Friday) at 07:45"),
    ("on weekdays at 6pm", "0 18 * * 1-5", "every weekday (Monday to Friday) at 18:00"),
    ("on weekends at 10am", "0 10 * * 6,0", "every Saturday and Sunday at 10:00"),
    (
        "weekdays and Saturday",
        "0 9 * * 1,2,3,4,5,6",
        "every Monday, Tuesday, Wednesday, Thursday, Friday and Saturday at 09:00",
    ),
    ("every hour", "0 * * * *", "every hour, on the hour"),
    ("hourly", "0 * * * *", "every hour, on the hour"),
    ("every 15 minutes", "*/15 * * * *", "every 15 minutes"),
    ("every 2 hours", "0 */2 * * *", "every 2 hours, on the hour"),
    ("every other hour", "0 */2 * * *", "every 2 hours, on the hour"),
    ("weekly", "0 9 * * 1", "every Monday at 09:00"),
    ("monthly", "0 9 1 * *", "on the 1st of every month at 09:00"),
    ("monthly on the 1st", "0 9 1 * *", "on the 1st of every month at 09:00"),
    ("on the 15th of every month", "0 9 15 * *", "on the 15th of every month at 09:00"),
]


@pytest.mark.parametrize(("phrase", "cron", "summary"), PHRASES)
def test_a_common_phrasing_becomes_its_cron(phrase: str, cron: str, summary: str) -> None:
    # Given a schedule phrase from a request
    # When the planner reads it
    proposal = propose(phrase)

    # Then it is this cron, on the user's own clock, said back in words
    assert proposal is not None
    assert (proposal.cron, proposal.summary, proposal.timezone) == (cron, summary, None)
    assert croniter.is_valid(proposal.cron)


@pytest.mark.parametrize("phrase", ["every full moon", "every Friday at 25:00", "every 90 minutes"])
def test_a_phrasing_it_does_not_know_has_no_cron_and_a_note(phrase: str) -> None:
    # Given a phrase no cron can honestly stand for
    # When the planner reads it
    proposal = propose(phrase)

    # Then there is no cron, and the note says to add the schedule by hand
    assert proposal is not None
    assert proposal.cron is None
    assert proposal.note is not None
    assert "Triggers panel" in proposal.note


def test_utc_in_the_phrase_sets_the_time_zone_and_an_odd_interval_says_how_it_runs() -> None:
    # Given a phrase naming UTC, and an interval that does not divide the hour
    utc = propose("daily at 9am UTC")
    odd = propose("every 7 minutes")

    # Then the first is read in UTC, the second notes that it restarts each hour
    assert utc is not None
    assert (utc.cron, utc.timezone) == ("0 9 * * *", "UTC")
    assert odd is not None
    assert odd.cron == "*/7 * * * *"
    assert odd.note is not None
    assert propose(None) is None
    assert propose("  ") is None


def test_the_phrase_is_found_inside_a_request_with_its_time() -> None:
    # Given requests with a schedule somewhere in them
    found = {
        text: (match.group(0) if (match := find(text)) else None)
        for text in (
            "research news daily at 9am and summarise it",
            "summarise my week every Friday at 5pm, then save it",
            "on weekdays at 6pm write a recap",
            "for each topic write a script",
        )
    }

    # Then the whole phrase is found, time included, and "for each" is not a schedule
    assert list(found.values()) == ["daily at 9am", "every Friday at 5pm", "on weekdays at 6pm", None]


def test_the_demo_planner_s_draft_carries_the_cron_and_no_time_words_become_a_step() -> None:
    # Given a request with a schedule and a time
    result = plan_offline("every Monday at 8am research three topics, then write a summary")

    # Then the draft proposes the schedule's cron, and no step is about "at 8am"
    assert result.schedule == "every Monday at 8am"
    assert result.schedule_proposal is not None
    assert result.schedule_proposal.cron == "0 8 * * 1"
    assert not any("8am" in (n.label or "") for n in result.document.nodes)
