"""Refuse a verified token whose user no longer exists, is deleted or is banned.

A signed access token stays valid until it expires, whatever happened to its
user since. So after the signature, the API asks the database whether the
token's subject is still an active user, and remembers the answer for
`ttl` seconds per process: a deleted or banned user is refused within that
many seconds, while a busy user costs one query per window, not one per
request. A token for a user that never existed is refused the same way.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from uuid import UUID

from orrery.auth.principal import Principal
from orrery.errors import AuthenticationError
from orrery.store.database import Database
from orrery.store.users import user_is_active

MAX_CACHED_USERS = 10_000
"""Answers kept per process; the oldest are forgotten first (only verified tokens get here)."""


class ActiveUsers:
    """Whether a token's user may still use the API, cached briefly per process."""

    def __init__(
        self,
        db: Database,
        ttl: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_entries: int = MAX_CACHED_USERS,
    ) -> None:
        self._db = db
        self._ttl = ttl
        self._clock = clock
        self._max_entries = max_entries
        self._known: OrderedDict[UUID, tuple[bool, float]] = OrderedDict()

    async def require(self, principal: Principal) -> None:
        """Raise `AuthenticationError` (401) unless the principal's user is active."""
        if not await self.is_active(principal.user_id):
            raise AuthenticationError("the token's user does not exist or is disabled")

    async def is_active(self, user_id: UUID) -> bool:
        now = self._clock()
        known = self._known.get(user_id)
        if known is not None and now < known[1]:
            return known[0]
        active = await user_is_active(self._db, user_id)  # DependencyUnavailable (503) when down
        if self._ttl > 0:
            self._known[user_id] = (active, now + self._ttl)
            self._known.move_to_end(user_id)
            while len(self._known) > self._max_entries:
                self._known.popitem(last=False)
        return active
