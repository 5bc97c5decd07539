# pgbench helpers shared by the pgbench and lock cases (sourced after lib.sh).

# insert_script FILE PARENT: a pgbench script inserting one row with a key in the current month.
insert_script() {
  cat > "$1" <<SQL
\set r random(0, 2332799)
INSERT INTO $2 (ts, id, payload) VALUES (date_trunc('month', now()) + make_interval(secs => :r), :r, 'bench');
SQL
  chmod a+r "$1"
}

# run_pgbench NAME SCRIPT SECONDS CLIENTS: runs pgbench with a per-transaction log; writes
# $BENCH_TMP/NAME.out (pgbench's report) and $BENCH_TMP/NAME.lat (one latency in ms per line).
run_pgbench() {
  local name=$1
  rm -f "$BENCH_TMP/$name".log*
  pgbench -n -f "$2" -T "$3" -c "$4" -j "$4" -l --log-prefix="$BENCH_TMP/$name.log" "$BENCH_DB" \
    > "$BENCH_TMP/$name.out" 2>&1
  local rc=$?
  cat "$BENCH_TMP/$name".log* 2>/dev/null | awk '$3 ~ /^[0-9]+$/ { printf "%.3f\n", $3 / 1000 }' > "$BENCH_TMP/$name.lat"
  return $rc
}

# pgb_tps NAME / pgb_failed NAME: figures from pgbench's report (failed includes aborted clients).
pgb_tps() { sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$BENCH_TMP/$1.out" | head -1 | awk '{ printf "%.0f\n", $1 }'; }
pgb_failed() {
  local f a
  f=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$BENCH_TMP/$1.out" | head -1)
  a=$(grep -c "client [0-9]* aborted" "$BENCH_TMP/$1.out")
  echo $(( ${f:-0} + a ))
}
# pgb_pct NAME P: the P-th percentile latency (ms) from the per-transaction log (nearest rank).
pgb_pct() { sort -g "$BENCH_TMP/$1.lat" | awk -v p="$2" '{ a[NR] = $1 } END { if (NR == 0) print "NA"; else { i = int(NR * p / 100 + 0.999999); if (i < 1) i = 1; print a[i] } }'; }

# pgbench_while PID NAME SCRIPT MIN_SECONDS CLIENTS: runs pgbench in rounds of 10 s (NAME_1, NAME_2,
# ...) until process PID has ended and at least MIN_SECONDS have passed, so that the load covers
# the whole of the work PID does. Writes $BENCH_TMP/NAME.lat (every round's latencies) and
# $BENCH_TMP/NAME.tps (the rounds' mean tps), $BENCH_TMP/NAME.failed; prints the seconds it ran.
pgbench_while() {
  local pid=$1 name=$2 script=$3 min=$4 clients=$5 start=$SECONDS i=0
  : > "$BENCH_TMP/$name.lat"
  while [ $((SECONDS - start)) -lt "$min" ] || kill -0 "$pid" 2>/dev/null; do
    i=$((i + 1))
    run_pgbench "${name}_$i" "$script" 10 "$clients" || echo "pgbench round ${name}_$i failed: $(tail -2 "$BENCH_TMP/${name}_$i.out")" >&2
    cat "$BENCH_TMP/${name}_$i.lat" >> "$BENCH_TMP/$name.lat"
  done
  for r in $(seq 1 "$i"); do pgb_tps "${name}_$r"; done | awk '{ s += $1; n++ } END { printf "%.0f\n", n ? s / n : 0 }' > "$BENCH_TMP/$name.tps"
  for r in $(seq 1 "$i"); do pgb_failed "${name}_$r"; done | awk '{ s += $1 } END { print s + 0 }' > "$BENCH_TMP/$name.failed"
  echo $((SECONDS - start))
}
