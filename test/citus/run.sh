#!/usr/bin/env bash
# The Citus suite (issue 13): pg_regress tests test/citus/sql/*.sql against a two-node Citus
# cluster (a coordinator without shards and one worker) that this script starts on free ports
# (test/citus/cluster.sh) and destroys afterwards. Called by scripts/test-in-cluster.sh (and so by
# scripts/test.sh); prints pg_regress's "test ... ok / FAILED" lines, which that script counts.
# Without Citus in the system's PostgreSQL it prints that the suite is skipped, and exits 0.
#
#   bash test/citus/run.sh                 # every test, in the order of test/citus/schedule
#   bash test/citus/run.sh citus_buckets   # some of them (after citus_setup, which always runs)
#   CITUS_KEEP=1 bash test/citus/run.sh    # leave the cluster running (test/citus/cluster.sh env)
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
export PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
libdir=$($PG_CONFIG --pkglibdir)
if [ ! -f "$libdir/citus.so" ]; then
  echo "citus suite: skipped -- Citus is not installed in $libdir (install it with: bash ../shared/tools/citus-install.sh)"
  exit 0
fi

export CITUS_CLUSTER_DIR=${CITUS_CLUSTER_DIR:-$root/.citus-test}
[ -d "$root/.stage" ] && export CITUS_NO_STAGE=${CITUS_NO_STAGE:-1}
bash test/citus/cluster.sh destroy >/dev/null 2>&1
cleanup() { [ -n "${CITUS_KEEP:-}" ] || bash test/citus/cluster.sh destroy >/dev/null 2>&1; }
trap cleanup EXIT
if ! env_text=$(bash test/citus/cluster.sh start); then
  echo "citus suite: FAILED to start the two-node cluster (logs in $CITUS_CLUSTER_DIR/*/server.log)"
  for f in "$CITUS_CLUSTER_DIR"/*/server.log; do [ -f "$f" ] && tail -20 "$f"; done
  exit 1
fi
eval "$env_text"
echo "citus suite: coordinator on port $PGPORT, worker on port $CITUS_WORKER_PORT ($(psql -X -At -c "SELECT extversion FROM pg_extension WHERE extname = 'citus'") )"

tests=("$@")
[ ${#tests[@]} -eq 0 ] && mapfile -t tests < <(sed -n 's/^test: *//p' test/citus/schedule)
[ "${tests[0]}" = citus_setup ] || tests=(citus_setup "${tests[@]}")
out=$(mktemp -d)
chmod a+rwx "$out"
regress=$(dirname "$($PG_CONFIG --pgxs)")/../test/regress/pg_regress
"$regress" --use-existing --dbname="$PGDATABASE" --host="$PGHOST" --port="$PGPORT" --user=postgres \
  --inputdir=test/citus --outputdir="$out" --bindir="$($PG_CONFIG --bindir)" "${tests[@]}"
rc=$?
[ $rc -ne 0 ] && [ -f "$out/regression.diffs" ] && cat "$out/regression.diffs"
[ -n "${CITUS_KEEP:-}" ] && echo "citus suite: results in $out; cluster left running (CITUS_CLUSTER_DIR=$CITUS_CLUSTER_DIR bash test/citus/cluster.sh env)"
[ -n "${CITUS_KEEP:-}" ] || rm -rf "$out"
exit $rc
