"""The local stand-in for Supabase Auth: sign up, sign in, refresh, get/update user, sign out.

It answers what `@supabase/supabase-js` asks, with Supabase Auth's bodies and
error codes, so the web code is the same against it and a real project.

Policies (see also supabase/local/10_auth_standin.sql):
- Users are auto-confirmed, as Supabase with email confirmations off.
- Passwords: at least 6 characters (`weak_password`), hashed with argon2id.
- Limits (limits.py), answered with 429 `over_request_rate_limit`: a
  password grant first reserves an attempt for its client IP (a fixed
  window) and its email (a few free attempts, then an exponential backoff
  with a cap), committed before the password is checked; a refused attempt
  checks nothing. A successful login clears its email and hands its IP
  attempt back. Sign-ups are limited per client IP the same way. The client
  IP is the connection's unless a trusted proxy says otherwise (clients.py).
- Deleted users (`deleted_at`) cannot sign in or refresh; banned ones
  (`banned_until` in the future) get `user_banned`, as from Supabase Auth.
- Refresh tokens rotate. A rotated token presented again within
  `refresh_token_reuse_interval` (two tabs or a server render racing the
  browser) gets a new token of the same session; presented later, it is
  treated as stolen: the whole session is ended, every token of it is dead,
  and the answer is `refresh_token_already_used` - as Supabase Auth does.
- Access tokens are stateless: like Supabase's, they stay valid until they
  expire after a sign-out; `GET /user` (not the engine's API) checks the session.
"""

from __future__ import annotations

import ipaddress
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from psycopg.errors import UniqueViolation

from orrery.auth import passwords
from orrery.auth.local import limits, store, tokens
from orrery.auth.local.clients import limit_bucket
from orrery.auth.local.limits import Counter, Verdict
from orrery.auth.local.schemas import Credentials, Session, User, UserUpdate
from orrery.auth.principal import Principal
from orrery.auth.verifier import TokenVerifier
from orrery.errors import AuthApiError, AuthenticationError, ConfigurationError, MissingToken
from orrery.settings import AuthSettings
from orrery.store.database import Connection, Database

MIN_PASSWORD_LENGTH = 6
MAX_PASSWORD_LENGTH = 1024
LOGOUT_SCOPES = frozenset({"global", "local", "others"})
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


@dataclass(frozen=True, slots=True)
class Client:
    """Who is calling, as far as the stand-in can tell (for sessions and rate limits)."""

    ip: str
    user_agent: str | None = None


def _invalid_credentials() -> AuthApiError:
    return AuthApiError(400, "invalid_credentials", "Invalid login credentials")


def _refresh_not_found() -> AuthApiError:
    return AuthApiError(400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found")


def normalize_email(email: str | None) -> str:
    value = (email or "").strip().lower()
    if not value:
        raise AuthApiError(400, "validation_failed", "To sign up or sign in, please provide your email")
    if len(value) > 255 or not _EMAIL.match(value):
        raise AuthApiError(400, "email_address_invalid", "Unable to validate email address: invalid format")
    return value


def check_password(password: str | None) -> str:
    if not password:
        raise AuthApiError(422, "validation_failed", "Signup requires a valid password")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AuthApiError(
            422,
            "weak_password",
            f"Password should be at least {MIN_PASSWORD_LENGTH} characters.",
            {"weak_password": {"reasons": ["length"]}},
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AuthApiError(422, "validation_failed", "Password is too long")
    return password


def _rate_limited() -> AuthApiError:
    return AuthApiError(429, "over_request_rate_limit", "Request rate limit reached")


class LocalAuth:
    """The stand-in's operations; one per process."""

    def __init__(self, db: Database, settings: AuthSettings, verifier: TokenVerifier) -> None:
        self._db = db
        self._settings = settings
        self._verifier = verifier

    def _signing_secret(self) -> str:
        """The HS256 secret tokens are signed with (settings require it for the stand-in)."""
        if not self._settings.jwt_secret:
            raise ConfigurationError(
                "SUPABASE_JWT_SECRET is not set: the local Auth stand-in signs tokens with it"
            )
        return self._settings.jwt_secret

    # Limits: reserve under the counter's row lock, commit, then do the work

    async def _reserve(
        self, conn: Connection, key: str, decide: Callable[[Counter, datetime], Verdict]
    ) -> bool:
        counter, now = await store.lock_counter(conn, key)
        verdict = decide(counter, now)
        await store.save_counter(conn, key, verdict.counter)
        return verdict.allowed

    def _ip_window(self, limit: int, window: float) -> Callable[[Counter, datetime], Verdict]:
        return lambda counter, now: limits.per_window(counter, now, limit=limit, window=window)

    def _email_backoff(self, counter: Counter, now: datetime) -> Verdict:
        s = self._settings
        return limits.with_backoff(
            counter,
            now,
            limit=s.login_failures_per_email,
            window=s.login_failure_window,
            base=s.login_backoff_s,
            cap=s.login_backoff_cap_s,
        )

    async def _reserve_login(self, email: str, client: Client) -> None:
        s = self._settings
        async with store.transaction(self._db) as conn:
            # Always the IP's row, then the email's: concurrent grants lock in one order.
            allowed = await self._reserve(
                conn,
                f"login-ip:{limit_bucket(client.ip)}",
                self._ip_window(s.login_failures_per_ip, s.login_failure_window),
            ) and await self._reserve(conn, f"email:{email}", self._email_backoff)
            await store.prune_counters(conn, self._forget_after)
        if not allowed:
            raise _rate_limited()

    async def _release_login(self, conn: Connection, email: str, client: Client) -> None:
        """After a successful sign-in: the IP's attempt handed back, the email's counter cleared
        (rows locked in the same order as when reserving)."""
        key = f"login-ip:{limit_bucket(client.ip)}"
        counter, _ = await store.lock_counter(conn, key)
        await store.save_counter(conn, key, limits.released(counter))
        await store.delete_counter(conn, f"email:{email}")

    @property
    def _forget_after(self) -> float:
        s = self._settings
        return 2 * max(s.login_failure_window, s.login_backoff_cap_s, s.signup_window)

    # Grants

    async def signup(self, body: Credentials, *, issuer: str, client: Client) -> Session:
        email = normalize_email(body.email)
        password = check_password(body.password)
        s = self._settings
        async with store.transaction(self._db) as conn:
            allowed = await self._reserve(
                conn,
                f"signup-ip:{limit_bucket(client.ip)}",
                self._ip_window(s.signups_per_ip, s.signup_window),
            )
        if not allowed:
            raise _rate_limited()
        password_hash = await passwords.hash_password(password)
        try:
            async with store.transaction(self._db) as conn:
                user = await store.insert_user(conn, email, password_hash, body.data or {})
                user = await store.record_sign_in(conn, user["id"])
                return await self._new_session(conn, user, issuer, client)
        except UniqueViolation:
            raise AuthApiError(422, "user_already_exists", "User already registered") from None

    async def password_grant(self, body: Credentials, *, issuer: str, client: Client) -> Session:
        email = normalize_email(body.email)
        if not body.password:
            raise _invalid_credentials()
        await self._reserve_login(email, client)  # committed: this attempt counts from now on
        async with store.transaction(self._db) as conn:
            user = await store.user_by_email(conn, email)
        password_hash = user["encrypted_password"] if user else None
        if not await passwords.verify_password(password_hash, body.password) or user is None:
            raise _invalid_credentials()  # the reservation stays: it was a failure
        if _banned(user):
            raise AuthApiError(400, "user_banned", "User is banned")
        async with store.transaction(self._db) as conn:
            await self._release_login(conn, email, client)
            user = await store.record_sign_in(conn, user["id"])
            return await self._new_session(conn, user, issuer, client)

    async def refresh_grant(self, body: Credentials, *, issuer: str) -> Session:
        if not body.refresh_token:
            raise _refresh_not_found()
        presented = tokens.digest(body.refresh_token)
        async with store.transaction(self._db) as conn:
            session = await self._rotate(conn, presented, issuer)
        if session is None:  # raised only now, so that ending the session was committed
            raise AuthApiError(400, "refresh_token_already_used", "Invalid Refresh Token: Already Used")
        return session

    async def _rotate(self, conn: Connection, presented: str, issuer: str) -> Session | None:
        row = await store.lock_refresh_token(conn, presented)
        if row is None:
            raise _refresh_not_found()
        if row["revoked"] and not await store.revoked_within(
            conn, presented, self._settings.refresh_token_reuse_interval
        ):
            await store.delete_session(conn, row["session_id"])
            return None
        if not row["revoked"]:
            await store.revoke_refresh_token(conn, presented)
        user = await store.user_by_id(conn, row["user_id"])
        if user is None:
            raise _refresh_not_found()
        if _banned(user):
            raise AuthApiError(400, "user_banned", "User is banned")
        signed_in_at = int(row["session_created_at"].timestamp())
        return await self._issue(conn, user, row["session_id"], signed_in_at, issuer, parent=presented)

    # The signed-in user

    async def user(self, authorization: str | None) -> User:
        principal = await self._principal(authorization)
        async with store.transaction(self._db) as conn:
            return User.from_row(await self._current_user(conn, principal))

    async def update_user(self, authorization: str | None, body: UserUpdate) -> User:
        principal = await self._principal(authorization)
        if body.email is not None and body.email.strip().lower() != principal.email:
            raise AuthApiError(
                422, "validation_failed", "Changing the email address is not supported by the local stand-in"
            )
        password_hash = None
        if body.password is not None:
            password_hash = await passwords.hash_password(check_password(body.password))
        async with store.transaction(self._db) as conn:
            await self._current_user(conn, principal)
            row = await store.update_user(
                conn, principal.user_id, password_hash=password_hash, metadata=body.data
            )
        assert row is not None
        return User.from_row(row)

    async def logout(self, authorization: str | None, scope: str) -> None:
        if scope not in LOGOUT_SCOPES:
            raise AuthApiError(400, "validation_failed", "Unsupported logout scope")
        principal = await self._principal(authorization)
        session = principal.session_id
        async with store.transaction(self._db) as conn:
            if scope == "global":
                await store.delete_sessions(conn, principal.user_id)
            elif scope == "local" and session is not None:
                await store.delete_sessions(conn, principal.user_id, only=session)
            elif scope == "others":
                await store.delete_sessions(conn, principal.user_id, keep=session)

    # Helpers

    async def _principal(self, authorization: str | None) -> Principal:
        try:
            return await self._verifier.verify_authorization(authorization)
        except MissingToken as exc:
            raise AuthApiError(
                401, "no_authorization", "This endpoint requires a valid Bearer token"
            ) from exc
        except AuthenticationError as exc:
            raise AuthApiError(
                403, "bad_jwt", f"invalid JWT: unable to parse or verify signature, {exc}"
            ) from exc

    async def _current_user(self, conn: Connection, principal: Principal) -> dict[str, Any]:
        if principal.session_id is not None and not await store.session_exists(conn, principal.session_id):
            raise AuthApiError(
                403, "session_not_found", "Session from session_id claim in JWT does not exist"
            )
        user = await store.user_by_id(conn, principal.user_id)
        if user is None:
            raise AuthApiError(403, "user_not_found", "User from sub claim in JWT does not exist")
        return user

    async def _new_session(
        self, conn: Connection, user: dict[str, Any], issuer: str, client: Client
    ) -> Session:
        session_id = await store.create_session(conn, user["id"], client.user_agent, _inet(client.ip))
        return await self._issue(conn, user, session_id, int(time.time()), issuer, parent=None)

    async def _issue(
        self,
        conn: Connection,
        user: dict[str, Any],
        session_id: UUID,
        signed_in_at: int,
        issuer: str,
        *,
        parent: str | None,
    ) -> Session:
        refresh_token, refresh_digest = tokens.new_refresh_token()
        await store.insert_refresh_token(conn, user["id"], session_id, refresh_digest, parent)
        now = int(time.time())
        ttl = self._settings.access_token_ttl
        access_token = tokens.access_token(
            secret=self._signing_secret(),
            issuer=issuer,
            user=user,
            session_id=session_id,
            now=now,
            ttl=ttl,
            signed_in_at=signed_in_at,
        )
        return Session(
            access_token=access_token,
            token_type="bearer",
            expires_in=ttl,
            expires_at=now + ttl,
            refresh_token=refresh_token,
            user=User.from_row(user),
        )


def _banned(user: dict[str, Any]) -> bool:
    until = user.get("banned_until")
    return until is not None and until > datetime.now(UTC)


def _inet(ip: str) -> str | None:
    try:
        return str(ipaddress.ip_address(ip))
    except ValueError:
        return None
