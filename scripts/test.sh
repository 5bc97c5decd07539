#!/usr/bin/env bash
# Runs every partman_ext test: the pure C++ core (GoogleTest), then pg_regress, isolation specs and
# pgTAP (pg_prove) against a throw-away PostgreSQL 15 cluster with partman_ext preloaded.
# The build is installed into ./.stage (extension_destdir), so no system files are touched and
# several checkouts can be tested side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bash scripts/install-deps.sh
export PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
libdir=$($PG_CONFIG --pkglibdir)

echo "== build"
make -s -j"$(nproc)" PG_CONFIG="$PG_CONFIG" >/dev/null
echo "== core unit tests (GoogleTest)"
make -s coretest PG_CONFIG="$PG_CONFIG" | tee "$root/.core-tests.log"
export CORE_TESTS_PASSED=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) tests\?\./\1/p' "$root/.core-tests.log")
rm -f "$root/.core-tests.log"

echo "== install into $root/.stage"
rm -rf "$root/.stage"
make -s install DESTDIR="$root/.stage" PG_CONFIG="$PG_CONFIG" >/dev/null
chmod -R a+rX "$root/.stage"

# The server runs as postgres: let it read the staged files and write test output here.
chmod a+rx "$root" 2>/dev/null || true

# A free port of our own, so that several checkouts can run their suites at the same time.
port=${PGTEST_PORT:-}
while [ -z "$port" ] || ss -ltn 2>/dev/null | grep -q ":$port "; do port=$((5500 + RANDOM % 3000)); done

export TEST_SUMMARY_FILE="$root/.test-summary"
rm -f "$TEST_SUMMARY_FILE"
rc=0
pg_virtualenv -t -c "-p $port" \
  -o "extension_destdir=$root/.stage" \
  -o "dynamic_library_path=$root/.stage$libdir:$libdir" \
  -o "shared_preload_libraries=partman_ext" \
  -o "partman_ext.naptime=1" \
  -o "max_worker_processes=16" \
  -o "lc_messages=C" \
  "$root/scripts/test-in-cluster.sh" || rc=$?
# The closing line, after pg_virtualenv's own messages.
if [ -s "$TEST_SUMMARY_FILE" ]; then cat "$TEST_SUMMARY_FILE"; else echo "summary: 0 passed, 1 failed"; fi
rm -f "$TEST_SUMMARY_FILE"
exit $rc
