#!/usr/bin/env bash
# Called by scripts/test.sh inside pg_virtualenv (PGHOST/PGPORT/PGUSER set).
set -uo pipefail
cd "$(dirname "$0")/.."
export PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
status=0
passed=${CORE_TESTS_PASSED:-0}  # GoogleTest cases, run before the cluster started
failed=0
log=$(mktemp)

# Each suite runs whatever happened to the one before; the closing line counts them all.
run_make_suite() {  # $1: title, $2..: make variables selecting the suite
  local title=$1; shift
  echo "== $title"
  if ! make -s installcheck PG_CONFIG="$PG_CONFIG" NO_INSTALLCHECK= "$@" 2>&1 | tee "$log"; then
    status=1
    for f in regression.diffs output_iso/regression.diffs; do [ -f "$f" ] && cat "$f"; done
  fi
  passed=$((passed + $(grep -c '\.\.\. ok' "$log")))
  failed=$((failed + $(grep -c '\.\.\. FAILED' "$log")))
}
run_make_suite "pg_regress (make installcheck)" ISOLATION=
run_make_suite "isolation specs (make installcheck)" REGRESS=

echo "== pgTAP (pg_prove)"
createdb partman_tap 2>/dev/null || true
# The scheduler serves every database with the extension; pgTAP checks the SQL API without one.
psql -q -d postgres -c "ALTER DATABASE partman_tap SET partman_ext.pause_scheduler = on" >/dev/null
psql -q -d partman_tap -c "CREATE EXTENSION IF NOT EXISTS pgtap" >/dev/null
for t in test/pgtap/*.sql; do
  [ -e "$t" ] || continue
  if pg_prove -d partman_tap --failures "$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); status=1; fi
done

if [ -d test/shell ]; then
  echo "== cluster-level tests (test/shell)"
  for t in test/shell/*.sh; do
    echo "-- $t"
    if bash "$t"; then passed=$((passed + 1)); else echo "FAILED: $t"; failed=$((failed + 1)); status=1; fi
  done
fi
# The Citus suite (test/citus) starts a two-node Citus cluster of its own; without Citus in the
# system's PostgreSQL it says it is skipped (bash ../shared/tools/citus-install.sh installs it).
echo "== Citus suite (test/citus)"
citus_note=""
bash test/citus/run.sh 2>&1 | tee "$log"
[ "${PIPESTATUS[0]}" -ne 0 ] && status=1
passed=$((passed + $(grep -c '\.\.\. ok' "$log")))
failed=$((failed + $(grep -c '\.\.\. FAILED' "$log")))
grep -q '^citus suite: skipped' "$log" && citus_note=$(grep '^citus suite: skipped' "$log")
rm -f "$log"
# Test files and GoogleTest cases; a regression suite stopped early counts as one failure. A skipped
# Citus suite is said again just before the closing line (scripts/test.sh prints both at its end).
[ $status -ne 0 ] && [ $failed -eq 0 ] && failed=1
{ [ -n "$citus_note" ] && echo "$citus_note"; echo "summary: $passed passed, $failed failed"; } | tee "${TEST_SUMMARY_FILE:-/dev/null}"
exit $status
