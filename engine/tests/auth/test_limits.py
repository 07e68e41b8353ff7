"""The limit policies on their own: what each attempt is told, at given times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from orrery.auth.local.limits import Counter, per_window, released, with_backoff

T0 = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
EMAIL = {"limit": 5, "window": 300, "base": 30, "cap": 900}


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_a_window_lets_the_limit_through_then_refuses_until_it_ends() -> None:
    # Given an empty counter allowing 3 attempts per 60 s
    counter = Counter()
    allowed = []
    # When 5 attempts come within the window
    for n in range(5):
        verdict = per_window(counter, at(n), limit=3, window=60)
        counter = verdict.counter
        allowed.append(verdict.allowed)
    # Then 3 pass, and the refusals say when the window ends
    assert allowed == [True, True, True, False, False]
    assert per_window(counter, at(10), limit=3, window=60).retry_after == 50
    # And a new window starts afresh
    assert per_window(counter, at(60), limit=3, window=60).allowed


def test_a_released_attempt_is_handed_back() -> None:
    counter = per_window(Counter(), at(0), limit=1, window=60).counter
    assert not per_window(counter, at(1), limit=1, window=60).allowed
    assert per_window(released(counter), at(1), limit=1, window=60).allowed


def test_an_email_gets_its_free_attempts_then_blocks_that_double_up_to_the_cap() -> None:
    # Given an email attacked without pause: every attempt comes the moment it may
    counter, now, blocks = Counter(), 0.0, []
    for _ in range(12):
        verdict = with_backoff(counter, at(now), **EMAIL)
        assert verdict.allowed
        counter = verdict.counter
        if counter.blocked_until is not None:
            block = (counter.blocked_until - at(now)).total_seconds()
            blocks.append(block)
            now += block
        else:
            now += 1
    # Then the first four pass freely, the fifth starts a 30 s block, each next one doubles, capped at 900 s
    assert blocks == [30, 60, 120, 240, 480, 900, 900, 900]


def test_attempts_while_blocked_are_refused_and_do_not_extend_the_block() -> None:
    # Given an email blocked until t=30
    counter = Counter()
    for n in range(5):
        counter = with_backoff(counter, at(n * 0.1), **EMAIL).counter
    until = counter.blocked_until
    # When attempts keep coming during the block
    for n in range(100):
        verdict = with_backoff(counter, at(1 + n * 0.25), **EMAIL)
        assert not verdict.allowed
        counter = verdict.counter
    # Then the block ends when it said it would
    assert counter.blocked_until == until
    assert with_backoff(counter, until, **EMAIL).allowed  # type: ignore[arg-type]


def test_an_email_left_alone_for_the_window_starts_afresh() -> None:
    counter = Counter()
    for n in range(5):
        counter = with_backoff(counter, at(n), **EMAIL).counter
    assert counter.blocked_until is not None
    quiet = counter.blocked_until + timedelta(seconds=300)
    verdict = with_backoff(counter, quiet, **EMAIL)
    assert (verdict.allowed, verdict.counter.attempts, verdict.counter.blocked_until) == (True, 1, None)
