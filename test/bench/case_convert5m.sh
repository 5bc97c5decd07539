#!/usr/bin/env bash
# Case "convert5m" (issue 10 item 3): a plain table of 5,000,000 rows (times BENCH_SCALE) over the
# last 12 months is converted into a monthly partition set by CALL partman_ext.partition_table_proc
# (batches of 10000, the source kept as <name>_old) while 2 pgbench clients INSERT into it, then
# moved back by CALL partman_ext.undo_partition_table_proc under the same load. Compared with a
# pgbench run on the plain table (run first; BENCH_CV_SECONDS, default 60 x BENCH_SCALE, at least
# 10): durations, max and p99 latency, tps, rows before/after each step. During each step pgbench
# runs in rounds of 10 s until the step has ended (the last round may run up to 10 s past its end).
set -uo pipefail
here=$(dirname "$0"); . "$here/lib.sh"; . "$here/pgb.sh"
SCALE=${BENCH_SCALE:-1}
N=$(awk -v s="$SCALE" 'BEGIN { printf "%d", 5000000 * s }')
T=${BENCH_CV_SECONDS:-$(awk -v s="$SCALE" 'BEGIN { t = int(60 * s); print (t < 10 ? 10 : t) }')}
BATCH=${BENCH_CV_BATCH:-10000}
has_fn partition_table_proc || { report "convert5m" "NOT AVAILABLE" "" "" "" "" "NA"; exit 0; }

q -c "DROP SCHEMA IF EXISTS bench_cv CASCADE" -c "CREATE SCHEMA bench_cv" \
  -c "CREATE TABLE bench_cv.t (id bigserial PRIMARY KEY, ts timestamptz NOT NULL DEFAULT now(), payload text)" \
  -c "CREATE INDEX ON bench_cv.t (ts)" >/dev/null
q -c "INSERT INTO bench_cv.t (ts, payload)
      SELECT date_trunc('month', now()) - interval '12 months' + (g::float8 / $N) * (now() - (date_trunc('month', now()) - interval '12 months')), 'old'
        FROM generate_series(0, $N - 1) g" -c "VACUUM ANALYZE bench_cv.t" -c "CHECKPOINT"
cat > "$BENCH_TMP/cv_insert.sql" <<'SQL'
INSERT INTO bench_cv.t (payload) VALUES ('bench');
SQL
chmod a+r "$BENCH_TMP/cv_insert.sql"
rows() { q -c "SELECT (SELECT count(*) FROM bench_cv.t) || ' ' || (SELECT count(*) FROM bench_cv.t WHERE payload = 'bench') || ' ' || (SELECT relkind::text FROM pg_class WHERE oid = 'bench_cv.t'::regclass)"; }

# step NAME SQL: runs SQL in the background under pgbench (rounds of 10 s until it has ended);
# prints "seconds_of_the_call seconds_of_load".
step() {
  local start call end load_s
  q -c "CHECKPOINT" >/dev/null
  start=$(date +%s.%N)
  ( q -c "$2" > "$BENCH_TMP/$1_call.out" 2>&1; date +%s.%N > "$BENCH_TMP/$1_call.end" ) &
  call=$!
  load_s=$(pgbench_while "$call" "$1" "$BENCH_TMP/cv_insert.sql" 10 2)
  wait "$call"
  end=$(cat "$BENCH_TMP/$1_call.end")
  grep -q ERROR "$BENCH_TMP/$1_call.out" && note "convert5m: $1 failed: $(grep ERROR "$BENCH_TMP/$1_call.out" | head -2 | tr '\n' ' ')"
  awk -v a="$start" -v b="$end" -v l="$load_s" 'BEGIN { printf "%.1f %s\n", b - a, l }'
}

r0=$(rows)
run_pgbench cv_base "$BENCH_TMP/cv_insert.sql" "$T" 2 || note "convert5m: the baseline pgbench run failed"
r1=$(rows)
read -r conv_s conv_w <<< "$(step cv_conv "CALL partman_ext.partition_table_proc('bench_cv.t', 'ts', '1 month', premake => 2, batch_size => $BATCH)")"
r2=$(rows)
old_rows=$(q -c "SELECT count(*) FROM bench_cv.t_old")
parts=$(q -c "SELECT count(*) FROM pg_inherits WHERE inhparent = 'bench_cv.t'::regclass")
read -r undo_s undo_w <<< "$(step cv_undo "CALL partman_ext.undo_partition_table_proc('bench_cv.t', batch_size => $BATCH)")"
r3=$(rows)
read -r n0 b0 k0 <<< "$r0"; read -r n1 b1 k1 <<< "$r1"; read -r n2 b2 k2 <<< "$r2"; read -r n3 b3 k3 <<< "$r3"
c_base=$(wc -l < "$BENCH_TMP/cv_base.lat"); c_conv=$(wc -l < "$BENCH_TMP/cv_conv.lat"); c_undo=$(wc -l < "$BENCH_TMP/cv_undo.lat")
ok=$(holds "$n1 == $n0 + $c_base && $n2 == $n1 + $c_conv && $n3 == $n2 + $c_undo && $b3 == $c_base + $c_conv + $c_undo && $(cat "$BENCH_TMP/cv_conv.failed") + $(cat "$BENCH_TMP/cv_undo.failed") == 0")
[ "$k2" = p ] && [ "$k3" = r ] || ok=no
mb=$(sort -g "$BENCH_TMP/cv_base.lat" | tail -1); mc=$(sort -g "$BENCH_TMP/cv_conv.lat" | tail -1); mu=$(sort -g "$BENCH_TMP/cv_undo.lat" | tail -1)
tb=$(pgb_tps cv_base); tc=$(cat "$BENCH_TMP/cv_conv.tps"); tu=$(cat "$BENCH_TMP/cv_undo.tps")
note "convert5m: rows (all / written by pgbench / relkind): start $r0; after the baseline run $r1; after partition_table_proc $r2 ($parts partitions, bench_cv.t_old keeps $old_rows); after undo_partition_table_proc $r3; committed pgbench transactions $c_base + $c_conv + $c_undo; failed $(cat "$BENCH_TMP/cv_conv.failed") + $(cat "$BENCH_TMP/cv_undo.failed")"
note "convert5m: partition_table_proc(batch_size => $BATCH) took $conv_s s (pgbench rounds of 10 s for $conv_w s), undo_partition_table_proc $undo_s s (pgbench for $undo_w s)"
note "convert5m: pgbench 2 clients: plain table ${T} s $tb tps, max $mb ms, p99 $(pgb_pct cv_base 99) ms; during conversion $tc tps, max $mc ms, p99 $(pgb_pct cv_conv 99) ms; during undo $tu tps, max $mu ms, p99 $(pgb_pct cv_undo 99) ms"
report "convert5m: $N-row table partitioned then undone while pgbench INSERTs (2 clients)" \
  "convert $conv_s s: $tc tps, max $mc ms; undo $undo_s s: $tu tps, max $mu ms" "$tb tps, max $mb ms (plain table, no conversion)" "-" \
  "$(ratio "$tc" "$tb") / $(ratio "$tu" "$tb") tps" "rows kept, 0 failed" "$ok"
q -c "DROP SCHEMA bench_cv CASCADE" >/dev/null
