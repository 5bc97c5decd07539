#!/usr/bin/env bash
# Case "default2m" (issue 10 item 2): 2,000,000 rows (times BENCH_SCALE) of the last 12 months wait
# in the default partition of a monthly set and are moved out by
# CALL partman_ext.empty_default_partition_proc(parent, batch_size => 10000) (a transaction per
# batch) while 2 pgbench clients INSERT into the current month. Compared with a pgbench run of the
# load without the relocation (run first, BENCH_DM_SECONDS: default 60 x BENCH_SCALE, at least 10):
# max and p99 latency, tps; rows before/after. During the relocation pgbench runs in rounds of 10 s
# until the procedure has ended (the last round may run up to 10 s past its end).
set -uo pipefail
here=$(dirname "$0"); . "$here/lib.sh"; . "$here/pgb.sh"
SCALE=${BENCH_SCALE:-1}
N=$(awk -v s="$SCALE" 'BEGIN { printf "%d", 2000000 * s }')
T=${BENCH_DM_SECONDS:-$(awk -v s="$SCALE" 'BEGIN { t = int(60 * s); print (t < 10 ? 10 : t) }')}
BATCH=${BENCH_DM_BATCH:-10000}
has_fn empty_default_partition_proc || { report "default2m" "NOT AVAILABLE" "" "" "" "" "NA"; exit 0; }

q -c "DROP SCHEMA IF EXISTS bench_dm CASCADE" -c "CREATE SCHEMA bench_dm" \
  -c "CREATE TABLE bench_dm.t (ts timestamptz NOT NULL, id bigint, payload text) PARTITION BY RANGE (ts)" \
  -c "SELECT count(*) FROM partman_ext.register_partition_set('bench_dm.t', 'ts', '1 month', premake => 2)" >/dev/null
# N rows spread over the 12 months before the current one: no partition holds them yet.
q -c "INSERT INTO bench_dm.t (ts, id, payload)
      SELECT date_trunc('month', now()) - interval '12 months' + (g::float8 / $N) * (date_trunc('month', now()) - (date_trunc('month', now()) - interval '12 months')), g, 'old'
        FROM generate_series(0, $N - 1) g" -c "VACUUM ANALYZE bench_dm.t" -c "CHECKPOINT"
before=$(q -c "SELECT (SELECT count(*) FROM ONLY bench_dm.t_default) || ' ' || (SELECT count(*) FROM bench_dm.t)")
insert_script "$BENCH_TMP/dm_insert.sql" bench_dm.t

run_pgbench dm_base "$BENCH_TMP/dm_insert.sql" "$T" 2 || note "default2m: the baseline pgbench run failed: $(tail -3 "$BENCH_TMP/dm_base.out")"
q -c "VACUUM ANALYZE bench_dm.t" -c "CHECKPOINT"
start=$(date +%s.%N)
( q -c "CALL partman_ext.empty_default_partition_proc('bench_dm.t', batch_size => $BATCH)" \
  > "$BENCH_TMP/dm_call.out" 2>&1; date +%s.%N > "$BENCH_TMP/dm_call.end" ) &
call=$!
load_s=$(pgbench_while "$call" dm_move "$BENCH_TMP/dm_insert.sql" 10 2)
wait "$call"
took=$(awk -v a="$start" -v b="$(cat "$BENCH_TMP/dm_call.end")" 'BEGIN { printf "%.1f", b - a }')
grep -q ERROR "$BENCH_TMP/dm_call.out" && note "default2m: the procedure failed: $(grep ERROR "$BENCH_TMP/dm_call.out" | head -2 | tr '\n' ' ')"
after=$(q -c "SELECT (SELECT count(*) FROM ONLY bench_dm.t_default) || ' ' || (SELECT count(*) FROM bench_dm.t WHERE payload = 'old') || ' ' || (SELECT count(*) FROM bench_dm.t WHERE payload = 'bench') || ' ' || (SELECT count(*) FROM pg_inherits WHERE inhparent = 'bench_dm.t'::regclass)")
read -r def_before all_before <<< "$before"
read -r def_after old_after bench_rows parts <<< "$after"
committed=$(( $(wc -l < "$BENCH_TMP/dm_base.lat") + $(wc -l < "$BENCH_TMP/dm_move.lat") ))
mb=$(sort -g "$BENCH_TMP/dm_base.lat" | tail -1); mm=$(sort -g "$BENCH_TMP/dm_move.lat" | tail -1)
tb=$(pgb_tps dm_base); tm=$(cat "$BENCH_TMP/dm_move.tps")
ok=$(holds "$old_after == $all_before && $def_after == 0 && $bench_rows == $committed && $(cat "$BENCH_TMP/dm_move.failed") == 0")
note "default2m: $N rows in the default partition ($def_before before, $def_after after; rows of the old months $all_before before, $old_after after; $parts partitions after); relocation by CALL empty_default_partition_proc(batch_size => $BATCH) took $took s (pgbench ran in 10 s rounds for $load_s s, until it had ended); pgbench rows $bench_rows = committed transactions $committed; failed during relocation $(cat "$BENCH_TMP/dm_move.failed")"
note "default2m: pgbench 2 clients: ${T} s without relocation $tb tps, max $mb ms, p99 $(pgb_pct dm_base 99) ms; $load_s s during relocation $tm tps, max $mm ms, p99 $(pgb_pct dm_move 99) ms"
report "default2m: $N default rows emptied in batches of $BATCH while pgbench INSERTs (2 clients)" \
  "$tm tps, max $mm ms, p99 $(pgb_pct dm_move 99) ms; moved in $took s" "$tb tps, max $mb ms, p99 $(pgb_pct dm_base 99) ms (no relocation)" "-" \
  "$(ratio "$tm" "$tb") tps" "no row lost, default empty, 0 failed" "$ok"
q -c "DROP SCHEMA bench_dm CASCADE" >/dev/null
