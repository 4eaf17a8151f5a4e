#!/usr/bin/env bash
# The API tests on SQLite at chosen clock times, so a test that only holds at some hours of
# the day shows itself before CI meets it. Shanghai is UTC+8: between 16:00 and 24:00 UTC the
# Shanghai day is already tomorrow; before 08:00 Shanghai the night shift is yesterday's.
# Needs libfaketime (Debian: apt-get install faketime). Not part of npm test.
#   bash test/at-hours.sh                         # the default instants below
#   bash test/at-hours.sh "2026-12-31 16:30:00"   # UTC instants of your own
#   bash test/at-hours.sh "2026-12-07 20:00:00" -- test/api/watch.test.ts
set -uo pipefail
cd "$(dirname "$0")/.."
if ! command -v faketime >/dev/null; then echo "faketime is not installed (apt-get install faketime)"; exit 2; fi
instants=(); files=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then shift; files=("$@"); break; fi
  instants+=("$1"); shift
done
# UTC: 12:00 Shanghai, 23:59 Shanghai, 04:00 Shanghai (tomorrow's day, night shift), 07:30 Shanghai, New Year's Eve after Shanghai midnight,
# and two minutes into the shifts that start at 08:00 and 20:00 Shanghai (a time "five minutes ago" is then in the shift before)
[ ${#instants[@]} -eq 0 ] && instants=("$(date -u +%F) 04:00:00" "$(date -u +%F) 15:59:00" "$(date -u +%F) 20:00:00" "$(date -u +%F) 23:30:00" "$(date -u +%Y)-12-31 16:30:00" "$(date -u +%F) 00:02:00" "$(date -u +%F) 12:02:00")
status=0
for t in "${instants[@]}"; do
  echo "==== clock at $t UTC ===="
  # The clock runs on from the instant; monotonic time is left real so timers behave.
  FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "@$t" npx vitest run --project api --reporter=dot "${files[@]}" || status=1
done
exit $status
