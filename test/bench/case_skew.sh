#!/usr/bin/env bash
# Case "skew": analyze_partition_skew on a bucket set of 100 HASH buckets holding 5 M rows
# (k = 1 .. 5 M, made with create_bucket_partitions(parent, 100) when it exists, plain SQL otherwise;
# VACUUM ANALYZE after loading so the catalog estimates are current). One process (no parallel workers).
#   partman_ext estimate  analyze_partition_skew(parent, false)   target <= 5 ms (median of 5 calls)
#   partman_ext exact     analyze_partition_skew(parent, true)    target <= 1.2 x the floor
#   floor                 SELECT tableoid, count(*) FROM parent GROUP BY 1   (one scan)
#   peer                  the usual SQL: SELECT count(*) FROM <partition>, one statement per partition
set -uo pipefail
here=$(dirname "$0"); . "$here/lib.sh"
export PGOPTIONS="$PGOPTIONS -c max_parallel_workers_per_gather=0"
ROWS=${BENCH_SKEW_ROWS:-5000000}; B=100
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
note "skew: $(q -c "SELECT count(*) FROM pg_inherits WHERE inhparent = 'bench_sk.b'::regclass") buckets, $(q -c "SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid))) FROM pg_inherits WHERE inhparent = 'bench_sk.b'::regclass"), made by $([ "$made" = 1 ] && echo create_bucket_partitions || echo 'plain SQL')"

timed() { q -F' ' -c "SELECT round((extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1000)::numeric, 3), count(s) FROM ($1 OFFSET 0) s"; }
: > "$BENCH_TMP/skew"
for r in $(seq 1 "$BENCH_REPEAT"); do
  echo "floor $(timed "SELECT tableoid, count(*) FROM bench_sk.b GROUP BY 1")" >> "$BENCH_TMP/skew"
  echo "peer $(time_file "$BENCH_TMP/skew_peer.sql")" >> "$BENCH_TMP/skew"
  if [ "$ext_ok" = 1 ]; then
    if t=$(timed "SELECT * FROM partman_ext.analyze_partition_skew('bench_sk.b'::regclass, true)"); then echo "exact $t" >> "$BENCH_TMP/skew"
    else ext_ok=0; note "skew: analyze_partition_skew(parent, true) failed"; fi
  fi
done
if [ "$ext_ok" = 1 ]; then
  sql="SELECT round((extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1000)::numeric, 3), count(*)
       FROM (SELECT * FROM partman_ext.analyze_partition_skew('bench_sk.b'::regclass, false) OFFSET 0) s"
  q -F' ' -c "$sql" -c "$sql" -c "$sql" -c "$sql" -c "$sql" -c "$sql" > "$BENCH_TMP/skew_est" 2>&1 \
    || { ext_ok=0; note "skew: analyze_partition_skew(parent, false) failed: $(head -c 200 "$BENCH_TMP/skew_est")"; }
fi
med() { awk -v v="$1" '$1 == v { print $2 }' "$BENCH_TMP/skew" | median; }
fl=$(med floor); pe=$(med peer)
if [ "$ext_ok" = 1 ]; then
  ex=$(med exact)
  est=$(tail -n +2 "$BENCH_TMP/skew_est" | awk '{ print $1 }' | median)
  note "skew: estimate mode: first call in its session $(head -1 "$BENCH_TMP/skew_est" | awk '{ print $1 }') ms, then median $est ms; rows returned: exact $(awk '$1 == "exact" { print $3; exit }' "$BENCH_TMP/skew"), estimate $(head -1 "$BENCH_TMP/skew_est" | awk '{ print $2 }')"
  re=$(ratio "$ex" "$fl")
  report "skew, $B buckets, $ROWS rows: estimate" "$est" "-" "-" "-" "<= 5 ms" "$(holds "$est <= 5")"
  report "skew, $B buckets, $ROWS rows: exact" "$ex" "$fl (one GROUP BY scan)" "$pe (count(*) per partition)" "$(x "$re") floor" "<= 1.2x floor" "$(holds "$re <= 1.2")"
else
  report "skew, $B buckets, $ROWS rows: estimate" "NOT AVAILABLE" "-" "-" "-" "<= 5 ms" "NA"
  report "skew, $B buckets, $ROWS rows: exact" "NOT AVAILABLE" "$fl (one GROUP BY scan)" "$pe (count(*) per partition)" "NA" "<= 1.2x floor" "NA"
fi
q -c "DROP SCHEMA bench_sk CASCADE" >/dev/null
