#!/usr/bin/env bash
# Case "retention": remove 2,000 partitions = 100 monthly sets x 20 months (24..5 months ago, no
# default partition), one transaction per set on both sides:
#   floor        plain DROP TABLE script: each set's 20 DROP TABLE statements sent as one query
#   partman_ext  drop_old_partitions(parent, interval '3 months', dry_run => false) per set
#                (sets registered with retention_mode 'drop', the default)
#                (registered with enabled => false: registration creates nothing, so the sets hold exactly
#                the 20 old partitions; drop_old_partitions acts on disabled sets all the same)
# The partitions are made (untimed) with plain CREATE TABLE .. PARTITION OF before every repeat.
# Timed in BENCH_CHUNKS (10) interleaved chunks of 10 sets like the create case; ratio = median over
# repeats of partman_ext / floor in the same repeat. The floor runs without event triggers (plain
# PostgreSQL); "floor_trg" runs the same script with partman_ext's sql_drop event trigger (notes).
set -uo pipefail
here=$(dirname "$0"); . "$here/lib.sh"; . "$here/sets.sh"
N=${BENCH_RETENTION_SETS:-100}; M=20

ext_ok=1; has_fn drop_old_partitions && has_fn register_partition_set || ext_ok=0

month_partitions_sql bench_rf "$N" -24 "$M" false drop > "$BENCH_TMP/ret_floor.sql"
month_partitions_sql bench_rg "$N" -24 "$M" false drop > "$BENCH_TMP/ret_floor_trg.sql"
q -c "SELECT format('SELECT count(*) FROM partman_ext.drop_old_partitions(%L, interval %L, dry_run => false);', 'bench_rx.t_' || i, '3 months')
      FROM generate_series(1, $N) i" > "$BENCH_TMP/ret_ext.sql"
past_partitions() { q -c "SELECT count(*) FROM pg_class WHERE relnamespace = '$1'::regnamespace AND relispartition
                          AND relname ~ '_p[0-9]{4}_[0-9]{2}$'
                          AND to_date(right(relname, 7), 'YYYY_MM') < date_trunc('month', now()) - interval '3 months'"; }

: > "$BENCH_TMP/ret_times"
K=${BENCH_CHUNKS:-10}
chunk "$BENCH_TMP/ret_floor.sql" "$K" 1; chunk "$BENCH_TMP/ret_floor_trg.sql" "$K" 1; chunk "$BENCH_TMP/ret_ext.sql" "$K" 1
for r in $(seq 1 "$BENCH_REPEAT"); do
  for s in bench_rf bench_rg bench_rx; do
    drop_sets "$s"; make_parents "$s" "$N"
    month_partitions_sql "$s" "$N" -24 "$M" false create | q >/dev/null
  done
  if [ "$ext_ok" = 1 ]; then
    q -c "SELECT count(*) FROM generate_series(1, $N) i,
          LATERAL partman_ext.register_partition_set(format('bench_rx.t_%s', i)::regclass, 'ts', '1 month',
                                                     premake => 1, default_partition => false, enabled => false)" >/dev/null \
      || { ext_ok=0; note "retention: register_partition_set failed"; }
  fi
  vacuum_catalogs
  vs=(floor floor_trg); [ "$ext_ok" = 1 ] && vs+=(ext)
  declare -A sch=([floor]=bench_rf [floor_trg]=bench_rg [ext]=bench_rx) before=()
  for v in "${vs[@]}"; do before[$v]=$(past_partitions "${sch[$v]}"); done
  while read -r v t; do
    if [ "$t" = FAILED ]; then [ "$v" = ext ] && ext_ok=0; note "retention: the $v variant failed"
    else echo "$r $v $t" >> "$BENCH_TMP/ret_times"; echo "   repeat $r $v: $t ms" >&2; fi
  done < <(time_interleaved "$K" "$BENCH_TMP/ret" "${vs[@]}")
  for v in "${vs[@]}"; do
    after=$(past_partitions "${sch[$v]}")
    [ "${before[$v]}" = $((N * M)) ] && [ "$after" = 0 ] || note "retention (repeat $r): $v left $after of ${before[$v]} old partitions (expected $((N * M)) -> 0)"
  done
done
for s in bench_rf bench_rg bench_rx; do drop_sets "$s"; done
f=$(awk '$2 == "floor" { print $3 }' "$BENCH_TMP/ret_times" | median)
e=NA; re=NA
if [ "$ext_ok" = 1 ]; then
  e=$(awk '$2 == "ext" { print $3 }' "$BENCH_TMP/ret_times" | median)
  re=$(awk '$2 == "floor" { f[$1] = $3 } $2 == "ext" { t[$1] = $3 } END { for (r in t) if (f[r] > 0) printf "%.3f\n", t[r] / f[r] }' "$BENCH_TMP/ret_times" | median)
  re=$(awk -v a="$re" 'BEGIN { if (a == "NA") print a; else printf "%.2f", a }')
fi
[ "$ext_ok" = 1 ] || e="NOT AVAILABLE"
report "retention: drop $((N * M)) partitions ($N sets x $M)" "$e" "$f" "-" "$(x "$re") floor" "<= 1.2x floor" "$(holds "$re <= 1.2")"
ft=$(awk '$2 == "floor_trg" { print $3 }' "$BENCH_TMP/ret_times" | median)
note "retention: the floor script with partman_ext's sql_drop event trigger active (a user's plain DROP TABLE once partman_ext is installed): $ft ms, $(x "$(ratio "$ft" "$f")") the floor"
note "retention: per repeat (ms): $(awk '{ printf "r%s %s %s; ", $1, $2, $3 }' "$BENCH_TMP/ret_times")"
