"""Every environment variable the engine reads, in one place.

Each section is one concern. `load_settings()` is the only reader of
`os.environ`; everything else receives a `Settings`. Variables are documented
in the repository's `.env.example`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from orrery.errors import ConfigurationError

REPO_ROOT = Path(__file__).resolve().parents[3]


@dataclass(frozen=True, slots=True)
class DatabaseSettings:
    url: str
    """Where the engine and workers connect: a login role that owns no table (RLS applies)."""
    admin_url: str
    """Where migrations run: the owner of the schema."""
    pool_min: int = 1
    pool_max: int = 10
    connect_timeout: float = 5.0


@dataclass(frozen=True, slots=True)
class RedisSettings:
    url: str


@dataclass(frozen=True, slots=True)
class AuthSettings:
    supabase_url: str | None
    """A real Supabase project; None means the engine's local stand-in serves `/auth/v1`."""
    jwt_secret: str
    """HS256 secret shared with Supabase Auth (or the local stand-in)."""
    anon_key: str
    jwks_url: str | None = None
    jwt_audience: str = "authenticated"
    access_token_ttl: int = 3600
    jwks_refresh_interval: float = 30.0

    @property
    def local_stand_in(self) -> bool:
        return self.supabase_url is None


@dataclass(frozen=True, slots=True)
class HttpSettings:
    host: str = "127.0.0.1"
    port: int = 8000
    web_origin: str = "http://127.0.0.1:3000"


@dataclass(frozen=True, slots=True)
class Settings:
    database: DatabaseSettings
    redis: RedisSettings
    auth: AuthSettings
    http: HttpSettings = field(default_factory=HttpSettings)
    data_dir: Path = REPO_ROOT / ".data"
    supabase_dir: Path = REPO_ROOT / "supabase"


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be an integer, got {raw!r}") from exc


def _required(env: dict[str, str], name: str) -> str:
    value = env.get(name, "")
    if not value:
        raise ConfigurationError(
            f"{name} is not set; `orrery dev` sets it for the embedded stack, otherwise see .env.example"
        )
    return value


def load_dotenv_file(path: Path | None = None) -> None:
    """Fill the environment from the repository's `.env`; real env vars win."""
    from dotenv import load_dotenv

    load_dotenv(path or REPO_ROOT / ".env", override=False)


def load_database_settings(env: dict[str, str] | None = None) -> DatabaseSettings:
    env = dict(os.environ if env is None else env)
    database_url = _required(env, "DATABASE_URL")
    return DatabaseSettings(
        url=database_url,
        admin_url=env.get("DATABASE_ADMIN_URL") or database_url,
        pool_min=_int(env, "DATABASE_POOL_MIN", 1),
        pool_max=_int(env, "DATABASE_POOL_MAX", 10),
    )


def supabase_dir(env: dict[str, str] | None = None) -> Path:
    env = dict(os.environ if env is None else env)
    return Path(env.get("ORRERY_SUPABASE_DIR") or REPO_ROOT / "supabase")


def data_dir(env: dict[str, str] | None = None) -> Path:
    env = dict(os.environ if env is None else env)
    return Path(env.get("ORRERY_DATA_DIR") or REPO_ROOT / ".data")


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Read settings from the environment (and `.env`, loaded by the CLI)."""
    env = dict(os.environ if env is None else env)
    supabase_url = env.get("SUPABASE_URL") or None
    jwks_url = env.get("SUPABASE_JWKS_URL") or (
        f"{supabase_url.rstrip('/')}/auth/v1/.well-known/jwks.json" if supabase_url else None
    )
    return Settings(
        database=load_database_settings(env),
        redis=RedisSettings(url=_required(env, "REDIS_URL")),
        auth=AuthSettings(
            supabase_url=supabase_url,
            jwt_secret=_required(env, "SUPABASE_JWT_SECRET"),
            anon_key=env.get("SUPABASE_ANON_KEY", ""),
            jwks_url=jwks_url,
            access_token_ttl=_int(env, "ORRERY_ACCESS_TOKEN_TTL", 3600),
        ),
        http=HttpSettings(
            host=env.get("ENGINE_HOST", "127.0.0.1"),
            port=_int(env, "ENGINE_PORT", 8000),
            web_origin=env.get("WEB_ORIGIN", "http://127.0.0.1:3000"),
        ),
        data_dir=data_dir(env),
        supabase_dir=supabase_dir(env),
    )
