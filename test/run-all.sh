#!/usr/bin/env bash
# The whole suite (npm test): typecheck, web build, API tests on SQLite and on PostgreSQL,
# browser tests. A step that cannot run here (no PostgreSQL, no Chromium) says so plainly.
# The last line is always "N passed, N failed" (tests summed over every vitest run).
set -uo pipefail
cd "$(dirname "$0")/.."
export NODE_OPTIONS="${NODE_OPTIONS:-} --no-warnings"
failed_steps=()
passed=0
failed=0
skipped_notes=()
results_dir=$(mktemp -d /tmp/netduty-results.XXXXXX)
PGDATA_TMP=""
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  if [ -n "$PGDATA_TMP" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA_TMP" -m fast stop >/dev/null 2>&1
    rm -rf "$PGDATA_TMP"
  fi
  rm -rf "$results_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

count() { # add a vitest JSON report's totals
  local f=$1
  [ -s "$f" ] || return 0
  local p q
  read -r p q < <(node -e "const r=require(process.argv[1]); console.log(r.numPassedTests ?? 0, r.numFailedTests ?? 0)" "$f")
  passed=$((passed + p)); failed=$((failed + q))
}

step() { echo; echo "==== $* ===="; }

vitest_run() { # vitest_run <name> <project> : runs one project, records its totals
  local name=$1 project=$2
  npx vitest run --project "$project" --reporter=default --reporter=json --outputFile.json="$results_dir/$name.json" || failed_steps+=("$name")
  count "$results_dir/$name.json"
}

step "typecheck"
npx tsc --noEmit -p tsconfig.json || failed_steps+=("typecheck")

# Built before the API tests: they also check that the server hands out the app's pages.
step "web build"
web_built=0
if npx vite build --logLevel warn; then web_built=1; else failed_steps+=("web-build"); fi

step "API tests on SQLite"
TEST_DATABASE_URL= vitest_run api-sqlite api

step "API tests on PostgreSQL"
PG_URL="${TEST_DATABASE_URL:-${DATABASE_URL:-}}"
if [ -n "$PG_URL" ]; then
  if [ -n "${TEST_DATABASE_URL:-}" ]; then echo "using the PostgreSQL server named by TEST_DATABASE_URL"
  else echo "using the PostgreSQL server named by DATABASE_URL"; fi
elif [ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ]; then
  PGDATA_TMP=$(mktemp -d /tmp/netduty-pg.XXXXXX)
  PGPORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA_TMP"
  if as_pg "$PGBIN/initdb" -D "$PGDATA_TMP" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null \
    && as_pg "$PGBIN/pg_ctl" -D "$PGDATA_TMP" -l "$PGDATA_TMP/server.log" -w \
         -o "-p $PGPORT -k $PGDATA_TMP -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null; then
    PG_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres"
    echo "started a throwaway PostgreSQL cluster from $PGBIN on port $PGPORT"
  else
    echo "could not start a PostgreSQL cluster from $PGBIN:"
    cat "$PGDATA_TMP/server.log" 2>/dev/null | tail -n 20
    failed_steps+=("postgres-start")
  fi
fi
if [ -n "$PG_URL" ]; then
  TEST_DATABASE_URL="$PG_URL" vitest_run api-postgres api
elif [ -z "$PGDATA_TMP" ]; then
  msg="PostgreSQL run SKIPPED: no server reachable and no PostgreSQL binaries installed"
  echo "$msg"; skipped_notes+=("$msg")
fi

if [ "$web_built" = 1 ]; then
  step "browser tests (Chromium)"
  if [ -x /usr/bin/chromium ]; then
    TEST_DATABASE_URL= vitest_run browser browser
  else
    msg="Browser tests SKIPPED: /usr/bin/chromium is not installed (apt-get install chromium fonts-noto-cjk)"
    echo "$msg"; skipped_notes+=("$msg")
  fi
fi

echo
echo "==== summary ===="
for n in "${skipped_notes[@]}"; do echo "$n"; done
[ ${#failed_steps[@]} -gt 0 ] && echo "failed steps: ${failed_steps[*]}"
echo "$passed passed, $failed failed"
[ ${#failed_steps[@]} -eq 0 ] && [ "$failed" -eq 0 ]
