"""How many login and signup attempts the stand-in lets through: pure policies over one counter.

Every attempt is RESERVED before its password is checked (or its account
created): the caller locks the counter's row, asks a policy here, stores the
state it returns and commits, and only then does the expensive work. Forty
concurrent guesses queue on the row lock, so at most the limit of them are
ever checked. A successful login hands its reservation back (`released`).

Two policies:
- `per_window`: at most `limit` attempts per fixed window. Client IPs (logins
  and signups).
- `with_backoff`: an email. `limit` attempts pass freely; the attempt that
  reaches the limit also starts a block of `base` seconds, and each attempt
  after a block doubles the next one, up to `cap`. Attempts made while blocked
  are refused WITHOUT extending the block, so an attacker cannot keep an
  email locked for good: at worst its owner waits `cap` seconds after the
  attacker's last allowed guess, and the attacker gets about one guess per
  `cap`. (The alternative, a captcha hook, needs a captcha service the
  embedded mode does not have; a real Supabase project offers both.) An email
  quiet for `window` seconds after its last attempt or block starts afresh.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

_MAX_DOUBLINGS = 30  # 2**30 * base is far past any cap; keeps the arithmetic small


@dataclass(frozen=True, slots=True)
class Counter:
    """A key's stored state (a row of `auth.orrery_login_limits`)."""

    attempts: int = 0
    window_started_at: datetime | None = None
    last_attempt_at: datetime | None = None
    blocked_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    allowed: bool
    counter: Counter
    """The state to store, whether or not the attempt is allowed."""
    retry_after: float = 0.0
    """Seconds until an attempt may pass again (when refused)."""


def per_window(counter: Counter, now: datetime, *, limit: int, window: float) -> Verdict:
    """At most `limit` attempts per fixed window of `window` seconds."""
    span = timedelta(seconds=window)
    if counter.window_started_at is None or now >= counter.window_started_at + span:
        counter = Counter(window_started_at=now)
    assert counter.window_started_at is not None
    if counter.attempts >= limit:
        return Verdict(False, counter, (counter.window_started_at + span - now).total_seconds())
    return Verdict(True, replace(counter, attempts=counter.attempts + 1, last_attempt_at=now))


def with_backoff(
    counter: Counter, now: datetime, *, limit: int, window: float, base: float, cap: float
) -> Verdict:
    """`limit` attempts, then one attempt per block, each block twice the last, at most `cap`."""
    if counter.blocked_until is not None and now < counter.blocked_until:
        return Verdict(False, counter, (counter.blocked_until - now).total_seconds())
    quiet_since = max((t for t in (counter.last_attempt_at, counter.blocked_until) if t), default=None)
    if quiet_since is None or now >= quiet_since + timedelta(seconds=window):
        counter = Counter()
    attempts = counter.attempts + 1
    blocked_until = None
    if attempts >= limit:
        doublings = min(attempts - limit, _MAX_DOUBLINGS)
        blocked_until = now + timedelta(seconds=min(base * 2**doublings, cap))
    return Verdict(
        True,
        Counter(
            attempts=attempts,
            window_started_at=counter.window_started_at or now,
            last_attempt_at=now,
            blocked_until=blocked_until,
        ),
    )


def released(counter: Counter) -> Counter:
    """A per-window counter after a successful attempt handed its reservation back."""
    return replace(counter, attempts=max(counter.attempts - 1, 0))
