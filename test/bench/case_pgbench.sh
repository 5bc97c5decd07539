#!/usr/bin/env bash
# Case "pgbench": INSERT load (2 clients, keys in the current month) into a monthly set, without
# maintenance and while one session calls partman_ext.run_partition_maintenance(NULL, false) every
# second (all registered sets; the load's set has premake 3 but only 2 months ahead exist, so the
# first pass creates one partition). BENCH_PGBENCH_SECONDS (default 20) per mode, in
# BENCH_PGBENCH_ROUNDS (default 10) alternating rounds (without, then with: a pair). tps % = median
# over the pairs of (with / without); tps shown = mean over a mode's rounds; p99 over all its
# transactions.
# tps ratio, failed transactions (pgbench's count + aborted clients), p99 from pgbench's
# per-transaction log.
set -uo pipefail
here=$(dirname "$0"); . "$here/lib.sh"; . "$here/sets.sh"; . "$here/pgb.sh"
T=${BENCH_PGBENCH_SECONDS:-20}; C=2; R=${BENCH_PGBENCH_ROUNDS:-10}
ext_ok=1; has_fn run_partition_maintenance && has_fn register_partition_set || ext_ok=0

drop_sets bench_lb; make_parents bench_lb 1
month_partitions_sql bench_lb 1 -1 4 true create | q >/dev/null     # last month .. 2 ahead + default
insert_script "$BENCH_TMP/insert.sql" bench_lb.t_1

if [ "$ext_ok" = 1 ]; then
  q -c "SELECT count(*) FROM partman_ext.register_partition_set('bench_lb.t_1', 'ts', '1 month', premake => 3)" >/dev/null \
    || { ext_ok=0; note "pgbench: register_partition_set failed"; }
fi

# One long-lived maintenance session (like partman_ext's scheduler), fed through a FIFO: during each
# round with maintenance it gets one call per second (bounded: T/R calls per round); it ends when
# the FIFO is closed.
maint_sql="SELECT round((extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1000)::numeric, 3) AS ms, count(*) FILTER (WHERE action = 'created') AS created, count(*) FILTER (WHERE action IN ('failed', 'skipped')) AS bad FROM partman_ext.run_partition_maintenance(NULL, false);"
: > "$BENCH_TMP/maint_loop.out"
if [ "$ext_ok" = 1 ]; then
  rm -f "$BENCH_TMP/maint.fifo"; mkfifo "$BENCH_TMP/maint.fifo"
  psql -X -q -At -F' ' -d "$BENCH_DB" < "$BENCH_TMP/maint.fifo" >> "$BENCH_TMP/maint_loop.out" 2>&1 &
  maint_pid=$!
  exec 3> "$BENCH_TMP/maint.fifo"
fi

# Rounds alternate without / with maintenance (the machine is shared: alternating spreads other
# load over both); each mode gets T seconds in total.
for r in $(seq 1 "$R"); do
  q -c "VACUUM ANALYZE bench_lb.t_1" -c "CHECKPOINT"
  run_pgbench "pgb_base$r" "$BENCH_TMP/insert.sql" "$((T / R))" "$C" || note "pgbench: a run without maintenance failed: $(tail -3 "$BENCH_TMP/pgb_base$r.out")"
  [ "$ext_ok" = 1 ] || continue
  q -c "VACUUM ANALYZE bench_lb.t_1" -c "CHECKPOINT"
  run_pgbench "pgb_maint$r" "$BENCH_TMP/insert.sql" "$((T / R))" "$C" &
  load=$!
  for _ in $(seq 1 "$((T / R))"); do echo "$maint_sql" >&3; sleep 1; done
  wait "$load" || note "pgbench: a run with maintenance failed: $(tail -3 "$BENCH_TMP/pgb_maint$r.out")"
done
if [ "$ext_ok" = 1 ]; then
  exec 3>&-
  for _ in $(seq 1 30); do kill -0 "$maint_pid" 2>/dev/null || break; sleep 1; done
  kill "$maint_pid" 2>/dev/null; wait "$maint_pid" 2>/dev/null
fi
if [ "$ext_ok" = 1 ]; then
  ms=$(awk 'NF == 3 && $1 ~ /^[0-9.]+$/ { print $1 }' "$BENCH_TMP/maint_loop.out")
  note "pgbench: $(echo "$ms" | grep -c .) maintenance calls during the load (one session; the first is its cold call), median $(echo "$ms" | median) ms, max $(echo "$ms" | sort -g | tail -1) ms; partitions created $(awk 'NF == 3 { s += $2 } END { print s + 0 }' "$BENCH_TMP/maint_loop.out"), skipped/failed $(awk 'NF == 3 { s += $3 } END { print s + 0 }' "$BENCH_TMP/maint_loop.out")"
  grep -q ERROR "$BENCH_TMP/maint_loop.out" && note "pgbench: maintenance errors: $(grep ERROR "$BENCH_TMP/maint_loop.out" | sort | uniq -c | head -3 | tr '\n' ';')"
fi

# combine MODE: "tps failed p99" over the rounds of one mode (tps: mean of the equal-length rounds).
combine() {
  local tps=0 failed=0 r
  for r in $(seq 1 "$R"); do
    tps=$(awk -v a="$tps" -v b="$(pgb_tps "$1$r")" 'BEGIN { print a + b }')
    failed=$((failed + $(pgb_failed "$1$r")))
  done
  cat "$BENCH_TMP/$1"[0-9]*.lat > "$BENCH_TMP/$1.lat"
  echo "$(awk -v a="$tps" -v r="$R" 'BEGIN { printf "%.0f", a / r }') $failed $(pgb_pct "$1" 99)"
  note "pgbench: $1 rounds (tps): $(for r in $(seq 1 "$R"); do printf '%s ' "$(pgb_tps "$1$r")"; done)"
}
read -r tb fb pb <<< "$(combine pgb_base)"
if [ "$ext_ok" = 1 ]; then
  read -r tm fm pm <<< "$(combine pgb_maint)"
  pct=$(for r in $(seq 1 "$R"); do awk -v a="$(pgb_tps "pgb_maint$r")" -v b="$(pgb_tps "pgb_base$r")" 'BEGIN { if (a != "" && b + 0 > 0) printf "%.1f\n", 100 * a / b }'; done | median | awk '{ if ($1 == "NA") print $1; else printf "%.1f\n", $1 }')
  ext="$tm tps, p99 $pm ms, failed $fm"
  met=$(holds "$pct >= 95 && $fm == 0")
else
  ext="NOT AVAILABLE"; pct=NA; met=NA
fi
report "pgbench INSERT, $C clients, ${T} s, maintenance every 1 s" "$ext" "$tb tps, p99 $pb ms, failed $fb (no maintenance)" "-" \
  "${pct}% of tps" ">= 95% tps, 0 failed" "$met"
