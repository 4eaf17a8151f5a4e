#!/usr/bin/env bash
# The whole suite: typecheck, API tests on SQLite and on PostgreSQL, then browser tests.
# A step that cannot run here (no PostgreSQL, no Chromium) says so plainly.
set -uo pipefail
cd "$(dirname "$0")/.."
export NODE_OPTIONS="${NODE_OPTIONS:-} --no-warnings"
failed_steps=()
passed=0
failed=0
skipped_notes=()
results_dir=$(mktemp -d /tmp/netduty-results.XXXXXX)

count() { # add a vitest JSON report's totals
  local f=$1
  [ -s "$f" ] || return 0
  read -r p q < <(node -e "const r=require('$f'); console.log(r.numPassedTests, r.numFailedTests)")
  passed=$((passed + p)); failed=$((failed + q))
}

step() { echo; echo "==== $* ===="; }

step "typecheck"
if ! npx tsc --noEmit -p tsconfig.json; then failed_steps+=("typecheck"); fi

step "API tests on SQLite"
npx vitest run --project api --reporter=default --reporter=json --outputFile.json="$results_dir/sqlite.json" || failed_steps+=("api/sqlite")
count "$results_dir/sqlite.json"

step "API tests on PostgreSQL"
PG_URL="${TEST_DATABASE_URL:-${DATABASE_URL:-}}"
PGDATA_TMP=""
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
stop_pg() {
  if [ -n "$PGDATA_TMP" ]; then
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_TMP" -m fast stop >/dev/null 2>&1
    else "$PGBIN/pg_ctl" -D "$PGDATA_TMP" -m fast stop >/dev/null 2>&1; fi
    rm -rf "$PGDATA_TMP"
  fi
}
trap stop_pg EXIT
if [ -z "$PG_URL" ] && [ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ]; then
  PGDATA_TMP=$(mktemp -d /tmp/netduty-pg.XXXXXX)
  PGPORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA_TMP"
  if as_pg "$PGBIN/initdb" -D "$PGDATA_TMP" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null \
    && as_pg "$PGBIN/pg_ctl" -D "$PGDATA_TMP" -l "$PGDATA_TMP/server.log" -w \
         -o "-p $PGPORT -k $PGDATA_TMP -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null; then
    PG_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres"
    echo "started a throwaway PostgreSQL cluster on port $PGPORT"
  else
    echo "could not start PostgreSQL from $PGBIN"
  fi
fi
if [ -n "$PG_URL" ]; then
  TEST_DATABASE_URL="$PG_URL" npx vitest run --project api --reporter=default --reporter=json --outputFile.json="$results_dir/pg.json" || failed_steps+=("api/postgres")
  count "$results_dir/pg.json"
else
  msg="PostgreSQL run SKIPPED: no server reachable (TEST_DATABASE_URL/DATABASE_URL unset) and no PostgreSQL binaries installed"
  echo "$msg"; skipped_notes+=("$msg")
fi

step "browser tests (Chromium)"
if [ -x /usr/bin/chromium ]; then
  if npx vite build --logLevel warn; then
    npx vitest run --project browser --reporter=default --reporter=json --outputFile.json="$results_dir/browser.json" || failed_steps+=("browser")
    count "$results_dir/browser.json"
  else
    failed_steps+=("web build")
  fi
else
  msg="Browser tests SKIPPED: /usr/bin/chromium is not installed (apt-get install chromium fonts-noto-cjk)"
  echo "$msg"; skipped_notes+=("$msg")
fi

echo
echo "==== summary ===="
for n in "${skipped_notes[@]}"; do echo "$n"; done
[ ${#failed_steps[@]} -gt 0 ] && echo "failed steps: ${failed_steps[*]}"
rm -rf "$results_dir"
echo "$passed passed, $failed failed"
[ ${#failed_steps[@]} -eq 0 ] && [ "$failed" -eq 0 ]
