#!/bin/sh
# Kong entrypoint for docker-compose.yml (after Supabase's
# docker/volumes/api/kong-entrypoint.sh): fill the `$NAME` placeholders of
# /home/kong/temp.yml (docker/kong.yml) from the environment, then start Kong.
#
# awk rather than `eval echo`: it keeps YAML quoting intact, and it leaves a
# `$NAME` that is not in the environment as it is.
set -eu

: "${SUPABASE_ANON_KEY:?SUPABASE_ANON_KEY is not set}"
: "${SUPABASE_SERVICE_KEY:?SUPABASE_SERVICE_KEY is not set}"
: "${ORRERY_WEB_ORIGIN:?ORRERY_WEB_ORIGIN is not set}"

awk '{
  result = ""
  rest = $0
  while (match(rest, /\$[A-Za-z_][A-Za-z_0-9]*/)) {
    name = substr(rest, RSTART + 1, RLENGTH - 1)
    if (name in ENVIRON) {
      result = result substr(rest, 1, RSTART - 1) ENVIRON[name]
    } else {
      result = result substr(rest, 1, RSTART + RLENGTH - 1)
    }
    rest = substr(rest, RSTART + RLENGTH)
  }
  print result rest
}' /home/kong/temp.yml > "$KONG_DECLARATIVE_CONFIG"

# kong/kong images start with /entrypoint.sh, the Docker Library `kong` ones with /docker-entrypoint.sh.
if [ -x /entrypoint.sh ]; then
  exec /entrypoint.sh kong docker-start
fi
exec /docker-entrypoint.sh kong docker-start
