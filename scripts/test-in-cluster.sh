#!/usr/bin/env bash
# Called by scripts/test.sh inside pg_virtualenv (PGHOST/PGPORT/PGUSER set).
set -uo pipefail
cd "$(dirname "$0")/.."
export PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
status=0

echo "== pg_regress + isolation (make installcheck)"
if ! make -s installcheck PG_CONFIG="$PG_CONFIG" NO_INSTALLCHECK= ; then
  status=1
  for f in regression.diffs output_iso/regression.diffs; do [ -f "$f" ] && cat "$f"; done
fi

echo "== pgTAP (pg_prove)"
createdb partman_tap 2>/dev/null || true
psql -q -d partman_tap -c "CREATE EXTENSION IF NOT EXISTS pgtap" >/dev/null
if compgen -G "test/pgtap/*.sql" >/dev/null; then
  pg_prove -d partman_tap --failures test/pgtap/*.sql || status=1
fi

if [ -d test/shell ]; then
  echo "== cluster-level tests (test/shell)"
  for t in test/shell/*.sh; do
    echo "-- $t"
    bash "$t" || { echo "FAILED: $t"; status=1; }
  done
fi
exit $status
