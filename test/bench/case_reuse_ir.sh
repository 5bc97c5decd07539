#!/usr/bin/env bash
# Case "reuse_ir" (run only when named: BENCH_CASES=reuse_ir): what maintenance costs right after a
# partition was created in a large set, counted in instructions (cachegrind, as create_ir). A set
# of 501 daily partitions (register_partition_set premake => 500) gets 10 rounds of one
# create_partitions(parent, day, day + 1) and one create_future_partitions(parent) with nothing to
# do, in one single-user session; the count of a session that only runs the no-op call is
# subtracted. Each creation invalidates the parent's cached bounds (src/pg/range_bounds.hpp); the
# next call rebuilds them, reusing the bounds of partitions whose pg_inherits row is unchanged.
set -uo pipefail
here=$(dirname "$0"); . "$here/lib.sh"; . "$here/single.sh"
name="reuse_ir: instructions per round (create 1 partition + no-op create_future_partitions), 501 partitions"
command -v valgrind >/dev/null || { report "$name" "NOT AVAILABLE (valgrind missing)" "" "" "" "" "NA"; exit 0; }

dir=$BENCH_TMP/reuse; mkdir -p "$dir"; chmod a+rwx "$dir"
single_datadir "$dir/data" 1024 || { report "$name" "ERROR (initdb)" "" "" "" "" "no"; exit 1; }
clock="SET partman_ext.mock_now = '2026-01-01 12:00+00';"
printf '%s\n\n' "CREATE EXTENSION partman_ext;" \
  "CREATE TABLE ev (ts timestamptz NOT NULL, v int) PARTITION BY RANGE (ts);" \
  "$clock SELECT count(*) FROM partman_ext.register_partition_set('ev', 'ts', '1 day', premake => 500);" > "$dir/setup.sql"
printf '%s\n\n' "$clock SELECT count(*) FROM partman_ext.create_future_partitions('ev');" > "$dir/noop.sql"
cp "$dir/noop.sql" "$dir/rounds.sql"
for i in $(seq 1 10); do
  lo=$(date -u -d "2026-01-01 + $((500 + i)) days" +%F); hi=$(date -u -d "2026-01-01 + $((501 + i)) days" +%F)
  printf '%s\n\n' "$clock SELECT count(*) FROM partman_ext.create_partitions('ev', '$lo', '$hi');" \
    "SELECT count(*) FROM partman_ext.create_future_partitions('ev');" >> "$dir/rounds.sql"
done
chmod a+r "$dir"/*.sql
single_run "$dir/data" "$dir/setup.sql" "$dir/setup" || { report "$name" "ERROR (setup, see $dir)" "" "" "" "" "no"; exit 1; }
ir() { single_ir "$dir/data" "$dir/$1.sql" "$dir/$1"; }
noop=$(ir noop); rounds=$(ir rounds)   # noop first: it changes nothing
case "$noop$rounds" in *FAILED*|'') report "$name" "FAILED (see $dir)" "" "" "" "" "no"; exit 1 ;; esac
created=$(grep -c 'count = "1"' "$dir/rounds.out")
report "$name" "$(awk -v a="$rounds" -v b="$noop" 'BEGIN { printf "%.1f M", (a - b) / 10 / 1e6 }')" "" "" "" "" ""
note "reuse_ir: $created of 10 rounds created their partition; cachegrind of a single-user backend, the no-op session's count subtracted"
