#!/usr/bin/env bash
# Browser end-to-end tests against the whole stack, started exactly as `make dev`
# starts it (but on fresh data, free ports and the built web app).
set -euo pipefail
cd "$(dirname "$0")/.."

free_port() { engine/.venv/bin/python -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

data=$(mktemp -d -t orrery-e2e.XXXXXX)
engine_port=$(free_port)
web_port=$(free_port)
# The local Auth stand-in (`orrery auth`) is a process of its own; the web's /auth/v1 reaches it.
auth_port=$(free_port)
log="$data/stack.log"
export ORRERY_DATA_DIR="$data" ENGINE_PORT="$engine_port" WEB_PORT="$web_port" AUTH_PORT="$auth_port" ORRERY_WEB_MODE=start
unset DATABASE_URL DATABASE_ADMIN_URL WORKER_DATABASE_URL SWEEPER_DATABASE_URL AUTH_DATABASE_URL REDIS_URL SUPABASE_URL
unset ORRERY_TRUSTED_PROXIES ORRERY_AUTH_PROXY_SECRET

# A stub OpenAI-compatible server (web/e2e/stub-openai.mjs) stands in for a self-hosted model:
# the stack may reach exactly its 127.0.0.1:<port> (the SSRF guard's allowlist), and a price
# table entry prices its model, as an operator would for their own endpoint.
stub_port=$(free_port)
stub_log="$data/stub-openai.log"
node web/e2e/stub-openai.mjs --port "$stub_port" >"$stub_log" 2>&1 &
stub=$!
printf '{"openai_compatible": {"stub-llama-3": {"input": 2.0, "output": 8.0}}}\n' >"$data/e2e-prices.json"
export ORRERY_HTTP_ALLOWED_HOSTS="127.0.0.1:$stub_port" ORRERY_PRICE_TABLE="$data/e2e-prices.json"
export E2E_OPENAI_STUB_URL="http://127.0.0.1:$stub_port/v1"

engine/.venv/bin/orrery dev >"$log" 2>&1 &
stack=$!
stop_stack() {
  kill -INT "$stack" 2>/dev/null || true
  wait "$stack" 2>/dev/null || true
  kill "$stub" 2>/dev/null || true
  wait "$stub" 2>/dev/null || true
  rm -rf "$data"
}
trap stop_stack EXIT

for _ in $(seq 1 40); do
  if grep -q "listening" "$stub_log"; then break; fi
  if ! kill -0 "$stub" 2>/dev/null; then echo "the stub OpenAI server exited:"; cat "$stub_log"; exit 1; fi
  sleep 0.25
done

for _ in $(seq 1 240); do
  if grep -q "Orrery is running at" "$log"; then break; fi
  if ! kill -0 "$stack" 2>/dev/null; then echo "the stack exited:"; cat "$log"; exit 1; fi
  sleep 0.5
done
grep -q "Orrery is running at" "$log" || { echo "the stack did not start:"; cat "$log"; exit 1; }

status=0
# Arguments name test files (relative to web/) to run only those: scripts/e2e.sh e2e/memory.test.mjs
if [ "$#" -gt 0 ]; then e2e=(node --test --test-concurrency=1 "$@"); else e2e=(npm run --silent e2e); fi
(cd web && E2E_BASE_URL="http://127.0.0.1:$web_port" E2E_ENGINE_URL="http://127.0.0.1:$engine_port" \
  E2E_AUTH_URL="http://127.0.0.1:$auth_port" "${e2e[@]}") || status=$?
if [ "$status" -ne 0 ]; then
  echo "---- stack log (last 200 lines) ----"; tail -n 200 "$log"
fi
exit "$status"
