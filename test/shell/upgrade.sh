#!/usr/bin/env bash
# Upgrades: for every released version X (a frozen sql/partman_ext--X.sql), install X, give it a
# user's data (test/upgrade/populate-X.sql), ALTER EXTENSION partman_ext UPDATE, check that every
# set, job, log row, alert and table row is still there and that maintenance runs, then compare
# every object of the extension with a fresh install of the current version
# (test/upgrade/describe.sql). docs/releasing.md says how to add the next version.
set -euo pipefail
cd "$(dirname "$0")/../.."
PSQL=(psql -X -At -v ON_ERROR_STOP=1 -q)
current=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" partman_ext.control)
fresh=partman_upgrade_fresh
dropdb --if-exists --force "$fresh" >/dev/null 2>&1
createdb "$fresh"
# No scheduler here: nothing but the upgrade may change these databases while they are compared.
psql -X -q -d postgres -c "ALTER DATABASE \"$fresh\" SET partman_ext.pause_scheduler = on"
"${PSQL[@]}" -d "$fresh" -c "SET client_min_messages = warning; CREATE EXTENSION partman_ext"
"${PSQL[@]}" -d "$fresh" -f test/upgrade/describe.sql >"/tmp/upgrade_fresh_$$.txt"
status=0
tested=0
for script in sql/partman_ext--*.sql; do
  v=${script#sql/partman_ext--}; v=${v%.sql}
  case "$v" in *--*|"$current") continue ;; esac
  tested=$((tested + 1))
  db=partman_upgrade_from_${v//./_}
  dropdb --if-exists --force "$db" >/dev/null 2>&1
  createdb "$db"
  psql -X -q -d postgres -c "ALTER DATABASE \"$db\" SET partman_ext.pause_scheduler = on"
  "${PSQL[@]}" -d "$db" -c "SET client_min_messages = warning; CREATE EXTENSION partman_ext VERSION '$v'"
  "${PSQL[@]}" -d "$db" -f "test/upgrade/populate-$v.sql" >/dev/null
  counts="SELECT (SELECT count(*) FROM partman_ext.part_config) || ' sets, '
              || (SELECT count(*) FROM partman_ext.job) || ' jobs, '
              || (SELECT count(*) FROM partman_ext.job_run) || ' runs, '
              || (SELECT count(*) FROM partman_ext.maintenance_log) || ' log rows, '
              || (SELECT count(*) FROM partman_ext.alert_state) || ' alerts, '
              || (SELECT count(*) FROM app.events) + (SELECT count(*) FROM app.ids) + (SELECT count(*) FROM app.chunks) || ' rows'"
  before=$("${PSQL[@]}" -d "$db" -c "$counts")
  config="SELECT parent_table::text, control_column, strategy, partition_interval, anchor, premake, retention, retention_mode,
                 default_partition, time_zone, lock_timeout, buckets FROM partman_ext.part_config ORDER BY 1"
  config_before=$("${PSQL[@]}" -d "$db" -c "$config")
  # 0.1.0 declared the boundary self-test, which moved to a test-only module (issue 14): the
  # library still has its symbol, and says so until the update drops the function.
  if [ "$v" = 0.1.0 ]; then
    said=$(psql -X -At -d "$db" -c "SELECT partman_ext._boundary_selftest('ok')" 2>&1 || true)
    case "$said" in
      *"moved to the test module; ALTER EXTENSION partman_ext UPDATE removes it"*) echo "ok - 0.1.0's _boundary_selftest says it moved to the test module" ;;
      *) echo "not ok - 0.1.0's _boundary_selftest: $said"; status=1 ;;
    esac
  fi
  "${PSQL[@]}" -d "$db" -c "SET client_min_messages = warning; ALTER EXTENSION partman_ext UPDATE"
  got=$("${PSQL[@]}" -d "$db" -c "SELECT extversion FROM pg_extension WHERE extname = 'partman_ext'")
  if [ "$got" != "$current" ]; then echo "not ok - $v: ALTER EXTENSION UPDATE gave version $got, not $current"; status=1; continue; fi
  after=$("${PSQL[@]}" -d "$db" -c "$counts")
  if [ "$before" = "$after" ]; then echo "ok - $v -> $current keeps $after"
  else echo "not ok - $v -> $current: before [$before], after [$after]"; status=1; fi
  if [ "$config_before" = "$("${PSQL[@]}" -d "$db" -c "$config")" ]; then echo "ok - $v -> $current keeps every set's configuration"
  else echo "not ok - $v -> $current changed a set's configuration"; status=1; fi
  rows_before=${after##*alerts, }
  if "${PSQL[@]}" -d "$db" -c "SET client_min_messages = warning; SET partman_ext.mock_now = '2026-06-15 12:00:00+00';
        SELECT count(*) FROM partman_ext.run_partition_maintenance(NULL, false)" >/dev/null; then
    rows_after=$("${PSQL[@]}" -d "$db" -c "$counts"); rows_after=${rows_after##*alerts, }
    if [ "$rows_before" = "$rows_after" ]; then echo "ok - maintenance runs after the upgrade from $v and keeps $rows_after"
    else echo "not ok - maintenance after the upgrade from $v: $rows_before before, $rows_after after"; status=1; fi
  else
    echo "not ok - maintenance failed after the upgrade from $v"; status=1
  fi
  "${PSQL[@]}" -d "$db" -f test/upgrade/describe.sql >"/tmp/upgrade_${v}_$$.txt"
  if diff -u "/tmp/upgrade_fresh_$$.txt" "/tmp/upgrade_${v}_$$.txt" >"/tmp/upgrade_diff_$$.txt"; then
    echo "ok - $v -> $current gives the same objects as a fresh $current install ($(grep -c '^\(function\|relation\|type\|event trigger\)' "/tmp/upgrade_fresh_$$.txt") objects compared)"
  else
    echo "not ok - $v -> $current differs from a fresh install (- fresh, + upgraded):"; head -200 "/tmp/upgrade_diff_$$.txt"; status=1
  fi
  rm -f "/tmp/upgrade_${v}_$$.txt" "/tmp/upgrade_diff_$$.txt"
  dropdb --force "$db"
done
rm -f "/tmp/upgrade_fresh_$$.txt"
dropdb --force "$fresh"
[ "$tested" -gt 0 ] || { echo "not ok - no released version to upgrade from"; status=1; }
exit $status
