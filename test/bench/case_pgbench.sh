#!/usr/bin/env bash
# Case "pgbench": INSERT load (2 clients, keys in the current month) into a monthly set for
# BENCH_PGBENCH_SECONDS (default 20) without maintenance, then the same load while one session calls
# partman_ext.run_partition_maintenance(NULL, false) every second (all registered sets; the load's
# set has premake 3 but only 2 months ahead exist, so the first pass creates one partition).
# tps ratio, failed transactions (pgbench's count + aborted clients), p99 from pgbench's
# per-transaction log.
set -uo pipefail
here=$(dirname "$0"); . "$here/lib.sh"; . "$here/sets.sh"; . "$here/pgb.sh"
T=${BENCH_PGBENCH_SECONDS:-20}; C=2
ext_ok=1; has_fn run_partition_maintenance && has_fn register_partition_set || ext_ok=0

drop_sets bench_lb; make_parents bench_lb 1
month_partitions_sql bench_lb 1 -1 4 true create | q >/dev/null     # last month .. 2 ahead + default
insert_script "$BENCH_TMP/insert.sql" bench_lb.t_1

if [ "$ext_ok" = 1 ]; then
  q -c "SELECT count(*) FROM partman_ext.register_partition_set('bench_lb.t_1', 'ts', '1 month', premake => 3)" >/dev/null \
    || { ext_ok=0; note "pgbench: register_partition_set failed"; }
fi

q -c "VACUUM ANALYZE bench_lb.t_1" -c "CHECKPOINT"
run_pgbench pgb_base "$BENCH_TMP/insert.sql" "$T" "$C" || note "pgbench: the baseline run failed: $(tail -3 "$BENCH_TMP/pgb_base.out")"

if [ "$ext_ok" = 1 ]; then
  { for i in $(seq 1 "$T"); do
      echo "SELECT round((extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1000)::numeric, 3) AS ms, count(*) FILTER (WHERE action = 'created') AS created, count(*) FILTER (WHERE action IN ('failed', 'skipped')) AS bad FROM partman_ext.run_partition_maintenance(NULL, false);"
      echo "SELECT pg_sleep(1);"
    done; } > "$BENCH_TMP/maint_loop.sql"
  q -c "VACUUM ANALYZE bench_lb.t_1" -c "CHECKPOINT"
  # Bounded: T calls, and killed if still running 30 s after pgbench ends.
  psql -X -q -At -F' ' -d "$BENCH_DB" -f "$BENCH_TMP/maint_loop.sql" > "$BENCH_TMP/maint_loop.out" 2>&1 &
  loop=$!
  run_pgbench pgb_maint "$BENCH_TMP/insert.sql" "$T" "$C" || note "pgbench: the run with maintenance failed: $(tail -3 "$BENCH_TMP/pgb_maint.out")"
  for _ in $(seq 1 30); do kill -0 "$loop" 2>/dev/null || break; sleep 1; done
  kill "$loop" 2>/dev/null; wait "$loop" 2>/dev/null
  calls=$(grep -c '^[0-9.]* [0-9]* [0-9]*$' "$BENCH_TMP/maint_loop.out")
  note "pgbench: $calls maintenance calls during the load, median $(awk 'NF == 3 && $1 ~ /^[0-9.]+$/ { print $1 }' "$BENCH_TMP/maint_loop.out" | median) ms, max $(awk 'NF == 3 && $1 ~ /^[0-9.]+$/ { print $1 }' "$BENCH_TMP/maint_loop.out" | sort -g | tail -1) ms; partitions created $(awk 'NF == 3 { s += $2 } END { print s + 0 }' "$BENCH_TMP/maint_loop.out"), skipped/failed $(awk 'NF == 3 { s += $3 } END { print s + 0 }' "$BENCH_TMP/maint_loop.out")"
  grep -q ERROR "$BENCH_TMP/maint_loop.out" && note "pgbench: maintenance errors: $(grep ERROR "$BENCH_TMP/maint_loop.out" | sort | uniq -c | head -3 | tr '\n' ';')"
fi

tb=$(pgb_tps pgb_base); fb=$(pgb_failed pgb_base); pb=$(pgb_pct pgb_base 99)
if [ "$ext_ok" = 1 ]; then
  tm=$(pgb_tps pgb_maint); fm=$(pgb_failed pgb_maint); pm=$(pgb_pct pgb_maint 99)
  pct=$(awk -v a="$tm" -v b="$tb" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "NA"; else printf "%.1f\n", 100 * a / b }')
  ext="$tm tps, p99 $pm ms, failed $fm"
  met=$(holds "$pct >= 95 && $fm == 0")
else
  ext="NOT AVAILABLE"; pct=NA; met=NA
fi
report "pgbench INSERT, $C clients, ${T} s, maintenance every 1 s" "$ext" "$tb tps, p99 $pb ms, failed $fb (no maintenance)" "-" \
  "${pct}% of tps" ">= 95% tps, 0 failed" "$met"
