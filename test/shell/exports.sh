#!/usr/bin/env bash
# The library exports only what PostgreSQL looks up in it (issue 14; built with -fvisibility=hidden,
# see PMX_FUNCTION in src/pg/guard.hpp): the SQL-callable functions and their pg_finfo_ records,
# Pg_magic_func, _PG_init and the background worker entry points. Every C symbol an install or
# upgrade script names (the frozen 0.1.0 script included) is among them.
set -euo pipefail
cd "$(dirname "$0")/../.."
lib=partman_ext.so
[ -f "$lib" ] || { echo "not ok - $lib is not built"; exit 1; }
status=0
exports=$(nm -D --defined-only "$lib" | awk '{print $3}' | sort)
others=$(grep -vE '^(partman_[a-z0-9_]+|pg_finfo_partman_[a-z0-9_]+|Pg_magic_func|_PG_init)$' <<<"$exports" || true)
if [ -n "$others" ]; then
  echo "not ok - $lib exports $(wc -l <<<"$others") other symbol(s):"; head -20 <<<"$others"; status=1
else
  echo "ok - $lib exports $(wc -l <<<"$exports") symbols, all of them entry points"
fi
# The scripts (the 0.2.0 install script is built from sql/install: read its parts too).
named=$(grep -hoE "MODULE_PATHNAME', *'partman_[a-z_0-9]*'" sql/partman_ext--*.sql sql/install/*.sql | sed "s/.*, *'//; s/'//" | sort -u)
[ -n "$named" ] || { echo "not ok - no C function found in sql/partman_ext--*.sql"; exit 1; }
missing=""
for sym in $named; do
  for s in "$sym" "pg_finfo_$sym"; do grep -qx "$s" <<<"$exports" || missing="$missing $s"; done
done
for s in partman_ext_launcher_main partman_ext_scheduler_main Pg_magic_func _PG_init; do
  grep -qx "$s" <<<"$exports" || missing="$missing $s"
done
if [ -n "$missing" ]; then echo "not ok - not exported:$missing"; status=1
else echo "ok - the $(wc -w <<<"$named") C functions the install and upgrade scripts name are exported, and the worker entry points"; fi
exit $status
