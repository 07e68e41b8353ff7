"""docker-compose.yml starts safely the first time: one build of the engine image, no
published secret (each one must be set, and scripts/generate-secrets.py makes them all,
its API keys JWTs signed with its secret), the engine's outbound and memory settings
passed through, Redis behind a password, Supabase's current images (Postgres 17), and a
web image on Node's LTS running Next's standalone server."""

from __future__ import annotations

import base64
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jwt
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
COMPOSE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
SCRIPT = ROOT / "scripts" / "generate-secrets.py"
SECRETS = (
    "JWT_SECRET",
    "ANON_KEY",
    "SERVICE_ROLE_KEY",
    "CREDENTIALS_MASTER_KEY",
    "POSTGRES_PASSWORD",
    "ORRERY_ENGINE_DB_PASSWORD",
    "ORRERY_WORKER_DB_PASSWORD",
    "ORRERY_SWEEPER_DB_PASSWORD",
    "REDIS_PASSWORD",
)
PASSED_THROUGH = (
    "ORRERY_HTTP_ALLOWED_HOSTS",
    "ORRERY_HTTP_ALLOW_PRIVATE_NETWORKS",
    "ORRERY_EMBEDDING_MODEL_PATH",
    "ORRERY_EMBEDDING_TOKENIZER_PATH",
    "ORRERY_EMBEDDING_THREADS",
    "ORRERY_EMBEDDING_BATCH_SIZE",
    "ORRERY_EMBEDDING_CONCURRENCY",
    "ORRERY_MEMORY_MAX_FILE_MB",
    "ORRERY_MEMORY_MAX_PDF_PAGES",
    "ORRERY_MEMORY_MAX_CRAWL_PAGES",
)


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return loaded


def env_of(service: dict[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in (service.get("environment") or {}).items()}


def test_the_engine_image_is_built_once(compose: dict[str, Any]) -> None:
    services = compose["services"]
    # Given the services that run the engine's image
    engine_image = [name for name, s in services.items() if s.get("image") == "orrery/engine:local"]
    assert sorted(engine_image) == ["engine", "migrate", "worker"]
    # Then exactly one of them builds it, and the others never pull or build it
    builders = [name for name in engine_image if "build" in services[name]]
    assert builders == ["engine"]
    assert {services[name].get("pull_policy") for name in engine_image if name != "engine"} == {"never"}
    # And no two services build the same tag
    built = [s["image"] for s in services.values() if "build" in s]
    assert len(built) == len(set(built))


def test_no_secret_ships_and_each_one_stops_up_until_it_is_set(compose: dict[str, Any]) -> None:
    text = COMPOSE.read_text()
    example = dict(re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", ENV_EXAMPLE.read_text(), re.MULTILINE))
    for name in SECRETS:
        # .env.example has the variable, empty
        assert example.get(name) == "", f"{name} in .env.example: {example.get(name)!r}"
        # and compose refuses to start without it, saying what to run
        uses = re.findall(r"\$\{" + name + r"(:[?-][^}]*)?\}", text)
        assert uses, f"{name} is not used by docker-compose.yml"
        assert any(u.startswith(":?") and "generate-secrets" in u for u in uses), (name, uses)
        assert not any(u.startswith(":-") and u != ":-" for u in uses), (name, uses)
    # and nothing that looks like a key or a JWT is written into either file
    for content in (text, ENV_EXAMPLE.read_text()):
        assert not re.search(r"eyJ[A-Za-z0-9_-]{10,}\.", content)
        assert "demo" not in content.lower() or "change-me" not in content.lower()


def test_the_engine_and_workers_get_the_outbound_and_memory_settings(compose: dict[str, Any]) -> None:
    for name in ("engine", "worker"):
        env = env_of(compose["services"][name])
        missing = [v for v in PASSED_THROUGH if env.get(v) != "${" + v + ":-}"]
        assert missing == [], (name, missing)


def test_redis_has_a_password_and_the_engine_uses_it(compose: dict[str, Any]) -> None:
    redis = compose["services"]["redis"]
    command = redis["command"]
    assert "--requirepass" in command
    assert command[command.index("--requirepass") + 1].startswith("${REDIS_PASSWORD:?")
    assert env_of(redis)["REDISCLI_AUTH"] == "${REDIS_PASSWORD}"  # its healthcheck's ping
    for name in ("engine", "worker"):
        assert env_of(compose["services"][name])["REDIS_URL"].startswith("redis://:${REDIS_PASSWORD:?")


def test_supabase_images_are_the_current_self_hosted_set(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert re.fullmatch(r"supabase/postgres:17\.\d+\.\d+\.\d+", services["db"]["image"])
    auth = env_of(services["auth"])
    assert auth["API_EXTERNAL_URL"] == "${API_EXTERNAL_URL:-http://localhost:8000}"
    assert auth["GOTRUE_JWT_ISSUER"] == "${API_EXTERNAL_URL:-http://localhost:8000}/auth/v1"


def test_the_web_image_is_node_lts_with_the_standalone_server() -> None:
    dockerfile = (ROOT / "docker" / "web.Dockerfile").read_text()
    bases = re.findall(r"^FROM node:(\d+)", dockerfile, re.MULTILINE)
    assert bases
    assert set(bases) == {"22"}
    assert "NEXT_OUTPUT=standalone" in dockerfile
    assert 'CMD ["node", "server.js"]' in dockerfile
    assert 'process.env.NEXT_OUTPUT === "standalone"' in (ROOT / "web" / "next.config.ts").read_text()


def test_the_secrets_script_writes_every_secret_with_keys_signed_by_its_secret(tmp_path: Path) -> None:
    # Given a checkout with no .env yet
    env_file = tmp_path / ".env"

    # When the operator runs the script
    subprocess.run(
        [sys.executable, str(SCRIPT), "--env-file", str(env_file)], check=True, capture_output=True
    )

    # Then .env holds every secret, private to its owner
    values = dict(re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", env_file.read_text(), re.MULTILINE))
    assert all(values.get(name) for name in SECRETS), {n: bool(values.get(n)) for n in SECRETS}
    assert env_file.stat().st_mode & 0o077 == 0
    # and the API keys are JWTs signed with JWT_SECRET, for the anon and service roles
    secret = values["JWT_SECRET"]
    assert len(secret) >= 32
    for name, role in (("ANON_KEY", "anon"), ("SERVICE_ROLE_KEY", "service_role")):
        claims = jwt.decode(values[name], secret, algorithms=["HS256"])
        assert (claims["role"], claims["iss"]) == (role, "supabase")
        assert claims["exp"] > claims["iat"]
        with pytest.raises(jwt.InvalidSignatureError):
            jwt.decode(values[name], secret + "x", algorithms=["HS256"])
    # and the master key is 32 bytes, the passwords URL-safe and all different
    assert len(base64.b64decode(values["CREDENTIALS_MASTER_KEY"], validate=True)) == 32
    passwords = [values[n] for n in SECRETS if n.endswith("PASSWORD")]
    assert all(re.fullmatch(r"[0-9a-f]{64}", p) for p in passwords)
    assert len(set(passwords)) == len(passwords)
    # and the rest of .env.example came along
    assert "SITE_URL=http://localhost:3000" in env_file.read_text()

    # When it runs again, nothing changes
    before = env_file.read_text()
    subprocess.run(
        [sys.executable, str(SCRIPT), "--env-file", str(env_file)], check=True, capture_output=True
    )
    assert env_file.read_text() == before


def test_a_new_jwt_secret_re_signs_the_keys(tmp_path: Path) -> None:
    # Given an .env whose JWT secret was removed (to rotate it), keys still set
    env_file = tmp_path / ".env"
    subprocess.run(
        [sys.executable, str(SCRIPT), "--env-file", str(env_file)], check=True, capture_output=True
    )
    text = re.sub(r"^JWT_SECRET=.*$", "JWT_SECRET=", env_file.read_text(), flags=re.MULTILINE)
    env_file.write_text(text)

    # When the script runs
    subprocess.run(
        [sys.executable, str(SCRIPT), "--env-file", str(env_file)], check=True, capture_output=True
    )

    # Then the keys are signed with the new secret
    values = dict(re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", env_file.read_text(), re.MULTILINE))
    assert jwt.decode(values["ANON_KEY"], values["JWT_SECRET"], algorithms=["HS256"])["role"] == "anon"
