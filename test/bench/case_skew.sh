#!/usr/bin/env bash
# Case "skew": analyze_partition_skew on a bucket set of 100 HASH buckets holding 5 M rows
# (k = 1 .. 5 M, made with create_bucket_partitions(parent, 100) when it exists, plain SQL otherwise;
# VACUUM ANALYZE after loading so the catalog estimates are current). Default planner settings:
# parallel workers and index-only scans are allowed for every variant.
#   partman_ext estimate  analyze_partition_skew(parent, false)   target <= 5 ms (median of 5 calls)
#   partman_ext exact     analyze_partition_skew(parent, true)    target <= 1.1 x the faster floor
#   floor A               SELECT tableoid, count(*) FROM parent GROUP BY 1   (one scan)
#   floor B               SELECT count(*) FROM <partition>, one statement per partition
# Measured twice: on the plain table, then after CREATE INDEX ON parent (k) + VACUUM (count(*) may
# then use index-only scans). Each repeat runs the three variants in a rotating order (the machine
# is shared); BENCH_SKEW_REPEAT (default 7) repeats, medians reported.
set -uo pipefail
here=$(dirname "$0"); . "$here/lib.sh"
ROWS=${BENCH_SKEW_ROWS:-5000000}; B=100; REP=${BENCH_SKEW_REPEAT:-7}
ext_ok=1; has_fn analyze_partition_skew || ext_ok=0

q -c "DROP SCHEMA IF EXISTS bench_sk CASCADE" -c "CREATE SCHEMA bench_sk" \
  -c "CREATE TABLE bench_sk.b (k bigint NOT NULL, v integer) PARTITION BY HASH (k)" >/dev/null
made=0
if has_fn create_bucket_partitions; then
  if q -c "SELECT count(*) FROM partman_ext.create_bucket_partitions('bench_sk.b'::regclass, $B)" >/dev/null; then made=1
  else note "skew: create_bucket_partitions failed; buckets made with plain SQL"; fi
fi
if [ "$made" = 0 ]; then
  q >/dev/null <<SQL
SELECT format('CREATE TABLE bench_sk.%I PARTITION OF bench_sk.b FOR VALUES WITH (MODULUS $B, REMAINDER %s)', 'b_p' || r, r)
FROM generate_series(0, $B - 1) r \gexec
SQL
fi
q -c "INSERT INTO bench_sk.b SELECT g, g % 1000 FROM generate_series(1, $ROWS) g" -c "VACUUM ANALYZE bench_sk.b" >/dev/null
q -c "SELECT format('SELECT count(*) FROM %s;', inhrelid::regclass) FROM pg_inherits WHERE inhparent = 'bench_sk.b'::regclass ORDER BY 1" \
  > "$BENCH_TMP/skew_peer.sql"
note "skew: $(q -c "SELECT count(*) FROM pg_inherits WHERE inhparent = 'bench_sk.b'::regclass") buckets, $(q -c "SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid))) FROM pg_inherits WHERE inhparent = 'bench_sk.b'::regclass"), made by $([ "$made" = 1 ] && echo create_bucket_partitions || echo 'plain SQL'); max_parallel_workers_per_gather $(q -c "SHOW max_parallel_workers_per_gather")"

timed() { q -F' ' -c "SELECT round((extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1000)::numeric, 3), count(s) FROM ($1 OFFSET 0) s"; }
# run_variant NAME: one timed run of a variant, appended to $BENCH_TMP/skew as "NAME ms".
run_variant() {
  local t
  case "$1" in
    floor) t=$(timed "SELECT tableoid, count(*) FROM bench_sk.b GROUP BY 1") ;;
    peer) t=$(time_file "$BENCH_TMP/skew_peer.sql") ;;
    exact) [ "$ext_ok" = 1 ] || return 0
      t=$(timed "SELECT * FROM partman_ext.analyze_partition_skew('bench_sk.b'::regclass, true)") \
        || { ext_ok=0; note "skew: analyze_partition_skew(parent, true) failed"; return 0; } ;;
  esac
  echo "$1 $t" >> "$BENCH_TMP/skew"
}
med() { awk -v v="$1" '$1 == v { print $2 }' "$BENCH_TMP/skew" | median; }
# measure LABEL: REP rounds of the three variants in rotating order, then the exact row of the table.
measure() {
  : > "$BENCH_TMP/skew"
  local -a order=(floor peer exact)
  for r in $(seq 1 "$REP"); do
    for i in 0 1 2; do run_variant "${order[$(( (i + r) % 3 ))]}"; done
  done
  local fl pe ex best re
  fl=$(med floor); pe=$(med peer)
  best=$(awk -v a="$fl" -v b="$pe" 'BEGIN { print (a + 0 < b + 0) ? a : b }')
  if [ "$ext_ok" = 1 ]; then
    ex=$(med exact); re=$(ratio "$ex" "$best")
    report "skew, $B buckets, $ROWS rows: exact ($1)" "$ex" "$fl (one GROUP BY scan)" "$pe (count(*) per partition)" "$(x "$re") faster floor" "<= 1.1x faster floor" "$(holds "$re <= 1.1")"
    note "skew exact ($1): partitions whose exact row_count differs from count(*) through the parent: $(q -c "SELECT count(*) FROM partman_ext.analyze_partition_skew('bench_sk.b'::regclass, true) a
      FULL JOIN (SELECT tableoid::regclass AS p, count(*) AS n FROM bench_sk.b GROUP BY 1) c ON c.p = a.partition_name
      WHERE a.row_count IS DISTINCT FROM c.n")"
    note "skew exact ($1), every run in ms: floor $(awk '$1 == "floor" { printf "%s ", $2 }' "$BENCH_TMP/skew")/ per partition $(awk '$1 == "peer" { printf "%s ", $2 }' "$BENCH_TMP/skew")/ exact $(awk '$1 == "exact" { printf "%s ", $2 }' "$BENCH_TMP/skew")"
  else
    report "skew, $B buckets, $ROWS rows: exact ($1)" "NOT AVAILABLE" "$fl (one GROUP BY scan)" "$pe (count(*) per partition)" "NA" "<= 1.1x faster floor" "NA"
  fi
}

measure "no index"
if [ "$ext_ok" = 1 ]; then
  sql="SELECT round((extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1000)::numeric, 3), count(*)
       FROM (SELECT * FROM partman_ext.analyze_partition_skew('bench_sk.b'::regclass, false) OFFSET 0) s"
  if q -F' ' -c "$sql" -c "$sql" -c "$sql" -c "$sql" -c "$sql" -c "$sql" > "$BENCH_TMP/skew_est" 2>&1; then
    est=$(tail -n +2 "$BENCH_TMP/skew_est" | awk '{ print $1 }' | median)
    note "skew: estimate mode: first call in its session $(head -1 "$BENCH_TMP/skew_est" | awk '{ print $1 }') ms, then median $est ms; rows returned $(head -1 "$BENCH_TMP/skew_est" | awk '{ print $2 }'); key sizes from: $(q -c "SELECT DISTINCT method FROM partman_ext.analyze_partition_skew('bench_sk.b'::regclass, false)")"
    report "skew, $B buckets, $ROWS rows: estimate" "$est" "-" "-" "-" "<= 5 ms" "$(holds "$est <= 5")"
  else
    note "skew: analyze_partition_skew(parent, false) failed: $(head -c 200 "$BENCH_TMP/skew_est")"
    report "skew, $B buckets, $ROWS rows: estimate" "ERROR" "-" "-" "-" "<= 5 ms" "no"
  fi
else
  report "skew, $B buckets, $ROWS rows: estimate" "NOT AVAILABLE" "-" "-" "-" "<= 5 ms" "NA"
fi
q -c "CREATE INDEX ON bench_sk.b (k)" -c "VACUUM ANALYZE bench_sk.b" >/dev/null
measure "index on k"
q -c "DROP SCHEMA bench_sk CASCADE" >/dev/null
