#!/usr/bin/env bash
# Case "routing": partman_ext.get_partition_for_value(parent, value) over 1 M keys against the SQL
# bucket expression over the same keys, for each strategy, one process (no parallel workers):
#   time     RANGE (ts) monthly, 20 months + default   SQL: date_trunc('month', ts)
#   integer  RANGE (k) width 50,000, 21 partitions      SQL: k / 50000 * 50000
#   hash     HASH (k) modulus 100 (native buckets)      SQL: PostgreSQL's hash routing spelled in SQL:
#            ((hashint8extended(k, seed) as uint64 + 0x49a0f4dd15e5a8e3) mod 2^64) mod 100
#   list     LIST ((hashtext(k::text)::bigint & 2147483647) % 100)   SQL: that expression
# Keys: k = 1 .. 1 M, ts = this month + k * 52 s, read from a plain table by both sides:
#   SELECT count(<expression>) FROM bench_rt.keys
# Exactness: the keys are inserted into each partitioned table and every row's tableoid is compared
# with get_partition_for_value (and with the partition the SQL expression names).
set -uo pipefail
here=$(dirname "$0"); . "$here/lib.sh"
export PGOPTIONS="$PGOPTIONS -c max_parallel_workers_per_gather=0"
K=${BENCH_KEYS:-1000000}
ext_ok=1; has_fn get_partition_for_value || ext_ok=0

q >/dev/null <<SQL
DROP SCHEMA IF EXISTS bench_rt CASCADE;
CREATE SCHEMA bench_rt;
CREATE TABLE bench_rt.keys AS
  SELECT g::bigint AS k, date_trunc('month', now()) + g * interval '52 seconds' AS ts FROM generate_series(1, $K) g;
VACUUM ANALYZE bench_rt.keys;
CREATE TABLE bench_rt.tm (k bigint NOT NULL, ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
CREATE TABLE bench_rt.tm_default PARTITION OF bench_rt.tm DEFAULT;
SELECT format('CREATE TABLE bench_rt.%I PARTITION OF bench_rt.tm FOR VALUES FROM (%L) TO (%L)',
              'tm_p' || to_char(lo, 'YYYY_MM'), lo, lo + interval '1 month')
FROM (SELECT date_trunc('month', now()) + make_interval(months => m) AS lo FROM generate_series(0, 19) m) s \gexec
CREATE TABLE bench_rt.it (k bigint NOT NULL, ts timestamptz NOT NULL) PARTITION BY RANGE (k);
SELECT format('CREATE TABLE bench_rt.%I PARTITION OF bench_rt.it FOR VALUES FROM (%s) TO (%s)', 'it_p' || lo, lo, lo + 50000)
FROM generate_series(0, 1000000, 50000) lo \gexec
CREATE TABLE bench_rt.hs (k bigint NOT NULL, ts timestamptz NOT NULL) PARTITION BY HASH (k);
SELECT format('CREATE TABLE bench_rt.%I PARTITION OF bench_rt.hs FOR VALUES WITH (MODULUS 100, REMAINDER %s)', 'hs_p' || r, r)
FROM generate_series(0, 99) r \gexec
CREATE TABLE bench_rt.ls (k bigint NOT NULL, ts timestamptz NOT NULL) PARTITION BY LIST (((hashtext(k::text)::bigint & 2147483647) % 100));
SELECT format('CREATE TABLE bench_rt.%I PARTITION OF bench_rt.ls FOR VALUES IN (%s)', 'ls_p' || r, r)
FROM generate_series(0, 99) r \gexec
INSERT INTO bench_rt.tm SELECT k, ts FROM bench_rt.keys;
INSERT INTO bench_rt.it SELECT k, ts FROM bench_rt.keys;
INSERT INTO bench_rt.hs SELECT k, ts FROM bench_rt.keys;
INSERT INTO bench_rt.ls SELECT k, ts FROM bench_rt.keys;
SQL

declare -A col=([time]=ts [integer]=k [hash]=k [list]=k)
declare -A tab=([time]=tm [integer]=it [hash]=hs [list]=ls)
declare -A expr=(
  [time]="date_trunc('month', ts)"
  [integer]="k / 50000 * 50000"
  [hash]="((hashint8extended(k, 8816678312871386365)::numeric + 18446744073709551616 + 5305509591434766563) % 18446744073709551616) % 100"
  [list]="(hashtext(k::text)::bigint & 2147483647) % 100")
declare -A name=(   # the partition the SQL expression names
  [time]="'tm_p' || to_char(date_trunc('month', ts), 'YYYY_MM')"
  [integer]="'it_p' || (k / 50000 * 50000)"
  [hash]="'hs_p' || ((hashint8extended(k, 8816678312871386365)::numeric + 18446744073709551616 + 5305509591434766563) % 18446744073709551616) % 100"
  [list]="'ls_p' || (hashtext(k::text)::bigint & 2147483647) % 100")
timed() { q -c "SELECT round((extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1000)::numeric, 2), count($1) FROM bench_rt.keys" | cut -d'|' -f1; }

scan=$(for r in $(seq 1 "$BENCH_REPEAT"); do timed "k"; done | median)
note "routing: scanning the $K keys alone (SELECT count(k) FROM bench_rt.keys) takes $scan ms; it is inside both figures"
for s in time integer hash list; do
  f="partman_ext.get_partition_for_value('bench_rt.${tab[$s]}'::regclass, ${col[$s]})"
  : > "$BENCH_TMP/rt_$s"
  for r in $(seq 1 "$BENCH_REPEAT"); do
    echo "sql $(timed "${expr[$s]}")" >> "$BENCH_TMP/rt_$s"
    if [ "$ext_ok" = 1 ]; then
      if t=$(timed "$f"); then echo "ext $t" >> "$BENCH_TMP/rt_$s"; else ext_ok=0; note "routing: get_partition_for_value failed on $s"; fi
    fi
  done
  sq=$(awk '$1 == "sql" { print $2 }' "$BENCH_TMP/rt_$s" | median)
  note "routing: $s: the SQL expression that names the partition (${name[$s]}) takes $(timed "${name[$s]}") ms"
  bad_sql=$(q -c "SELECT count(*) FILTER (WHERE ${name[$s]} <> (SELECT relname FROM pg_class WHERE oid = x.tableoid)) FROM bench_rt.${tab[$s]} x")
  [ "$bad_sql" = 0 ] || note "routing: the SQL expression names the wrong partition for $bad_sql of $K $s keys"
  if [ "$ext_ok" = 1 ]; then
    e=$(awk '$1 == "ext" { print $2 }' "$BENCH_TMP/rt_$s" | median)
    bad=$(q -c "SELECT count(*) FILTER (WHERE $f IS DISTINCT FROM tableoid::regclass) FROM bench_rt.${tab[$s]}") || bad=NA
    sp=$(ratio "$sq" "$e")
    report "routing $K keys: $s" "$e (wrong: $bad)" "-" "$sq (SQL expression)" "speed $(x "$sp") of SQL" ">= 1x SQL speed, 0 wrong" "$(holds "$sp >= 1 && $bad == 0")"
  else
    report "routing $K keys: $s" "NOT AVAILABLE" "-" "$sq (SQL expression)" "NA" ">= 1x SQL speed, 0 wrong" "NA"
  fi
done

# The batch form: the keys arrive as one array (an application routing many keys at once); the SQL
# side unnests the same array and computes its expression per key. Arrays are stored uncompressed
# (STORAGE EXTERNAL) so that neither side pays for decompression.
q >/dev/null <<SQL
CREATE TABLE bench_rt.arr (a_ts timestamptz[], a_k bigint[]);
ALTER TABLE bench_rt.arr ALTER a_ts SET STORAGE EXTERNAL, ALTER a_k SET STORAGE EXTERNAL;
INSERT INTO bench_rt.arr SELECT array_agg(ts ORDER BY k), array_agg(k ORDER BY k) FROM bench_rt.keys;
SQL
batch_ok=1
q -c "SELECT 'partman_ext.get_partitions_for_values(regclass, anyarray)'::regprocedure" >/dev/null 2>&1 || batch_ok=0
timed_from() { q -c "SELECT round((extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1000)::numeric, 2), count($1) FROM $2" | cut -d'|' -f1; }
for s in time integer hash list; do
  c=${col[$s]}
  f="partman_ext.get_partitions_for_values('bench_rt.${tab[$s]}'::regclass, a.a_$c)"
  : > "$BENCH_TMP/rtb_$s"
  for r in $(seq 1 "$BENCH_REPEAT"); do
    echo "sql $(timed_from "${expr[$s]}" "bench_rt.arr a, unnest(a.a_$c) AS $c")" >> "$BENCH_TMP/rtb_$s"
    if [ "$batch_ok" = 1 ]; then
      if t=$(timed_from "cardinality($f)" "bench_rt.arr a"); then echo "ext $t" >> "$BENCH_TMP/rtb_$s"; else batch_ok=0; note "routing: get_partitions_for_values failed on $s"; fi
    fi
  done
  sq=$(awk '$1 == "sql" { print $2 }' "$BENCH_TMP/rtb_$s" | median)
  if [ "$batch_ok" = 1 ]; then
    e=$(awk '$1 == "ext" { print $2 }' "$BENCH_TMP/rtb_$s" | median)
    # Keys are 1..K in array order, so element k of the result is key k's partition (a missing row counts as wrong).
    bad=$(q -c "SELECT count(*) FILTER (WHERE u.p IS DISTINCT FROM x.tableoid::regclass) + $K - count(*)
                FROM bench_rt.arr a, unnest($f) WITH ORDINALITY AS u(p, n) JOIN bench_rt.${tab[$s]} x ON x.k = u.n") || bad=NA
    sp=$(ratio "$sq" "$e")
    report "routing $K keys as one array: $s" "$e (wrong: $bad)" "-" "$sq (unnest + SQL expression)" "speed $(x "$sp") of SQL" ">= 1x SQL speed, 0 wrong" "$(holds "$sp >= 1 && $bad == 0")"
  else
    report "routing $K keys as one array: $s" "NOT AVAILABLE" "-" "$sq (unnest + SQL expression)" "NA" ">= 1x SQL speed, 0 wrong" "NA"
  fi
done
q -c "DROP SCHEMA bench_rt CASCADE" >/dev/null
