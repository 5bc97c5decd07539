#!/usr/bin/env bash
# Runs inside pg_virtualenv (started by test/bench/run.sh). Creates the benchmark database and runs
# every case; a case that fails or whose function is missing reports so and the suite goes on.
set -uo pipefail
bench=$(cd "$(dirname "$0")" && pwd)
export BENCH_DB=${BENCH_DB:-partman_bench}
export BENCH_RESULTS=${BENCH_RESULTS:-$bench/results/latest.txt}
export BENCH_NOTES=$BENCH_RESULTS.notes
export BENCH_TMP=$(mktemp -d /tmp/partman_bench.XXXXXX)
chmod a+rx "$BENCH_TMP"
. "$bench/lib.sh"

createdb "$BENCH_DB"
# No scheduler runs jobs in the middle of a timed case (and none is warned about): BENCH_WORKER=on keeps it.
[ "${BENCH_WORKER:-off}" = on ] || psql -X -q -d postgres -c "ALTER DATABASE \"$BENCH_DB\" SET partman_ext.pause_scheduler = on"
q -c "CREATE EXTENSION partman_ext" || echo "WARNING: partman_ext could not be created: its columns will say NOT AVAILABLE" >&2
if [ "${BENCH_PEER:-on}" != off ]; then
  q -c "CREATE SCHEMA partman" -c "CREATE EXTENSION pg_partman SCHEMA partman" \
    || echo "WARNING: pg_partman could not be created: the peer columns will say NOT AVAILABLE" >&2
fi

commit=$(git -C "$bench" rev-parse --short HEAD 2>/dev/null || echo unknown)
{
  echo "# partman_ext benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit, $(nproc) CPUs"
  echo "# $(q -c "SELECT version()")"
  echo "# pg_partman $(q -c "SELECT extversion FROM pg_extension WHERE extname = 'pg_partman'"), partman_ext $(q -c "SELECT extversion FROM pg_extension WHERE extname = 'partman_ext'"), repeats $BENCH_REPEAT (median)"
  echo "# times in ms (server clock) unless a unit is given; ratio = partman_ext / floor unless the case says otherwise"
  echo
  echo "| case | partman_ext | floor | peer | ratio | target | met |"
  echo "|---|---|---|---|---|---|---|"
} > "$BENCH_RESULTS"
cat "$BENCH_RESULTS"
: > "$BENCH_NOTES"

cases=${BENCH_CASES:-create create_ir maintenance retention skew routing pgbench lock}
for c in $cases; do
  echo "== case $c" >&2
  start=$(date +%s)
  if ! bash "$bench/case_$c.sh"; then
    report "$c" "ERROR (see log)" "" "" "" "" "no"
  fi
  echo "   ($c took $(( $(date +%s) - start )) s)" >&2
done

{ echo; echo "Notes:"; cat "$BENCH_NOTES"; } >> "$BENCH_RESULTS"
rm -f "$BENCH_NOTES"
echo
cat "$BENCH_RESULTS"
rm -rf "$BENCH_TMP"
