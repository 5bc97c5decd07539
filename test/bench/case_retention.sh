#!/usr/bin/env bash
# Case "retention": remove 2,000 partitions = 100 monthly sets x 20 months (24..5 months ago, no
# default partition), one transaction per set on both sides:
#   floor        plain DROP TABLE script: each set's 20 DROP TABLE statements sent as one query
#   partman_ext  drop_old_partitions(parent, interval '3 months', dry_run => false) per set
#                (sets registered with retention_mode 'drop', the default)
# The partitions are made (untimed) with plain CREATE TABLE .. PARTITION OF before every repeat.
set -uo pipefail
here=$(dirname "$0"); . "$here/lib.sh"; . "$here/sets.sh"
N=${BENCH_RETENTION_SETS:-100}; M=20

ext_ok=1; has_fn drop_old_partitions && has_fn register_partition_set || ext_ok=0

month_partitions_sql bench_rf "$N" -24 "$M" false drop > "$BENCH_TMP/ret_floor.sql"
q -c "SELECT format('SELECT count(*) FROM partman_ext.drop_old_partitions(%L, interval %L, dry_run => false);', 'bench_rx.t_' || i, '3 months')
      FROM generate_series(1, $N) i" > "$BENCH_TMP/ret_ext.sql"
past_partitions() { q -c "SELECT count(*) FROM pg_class WHERE relnamespace = '$1'::regnamespace AND relispartition
                          AND relname ~ '_p[0-9]{4}_[0-9]{2}$'
                          AND to_date(right(relname, 7), 'YYYY_MM') < date_trunc('month', now()) - interval '3 months'"; }

: > "$BENCH_TMP/ret_times"
for r in $(seq 1 "$BENCH_REPEAT"); do
  for s in bench_rf bench_rx; do
    drop_sets "$s"; make_parents "$s" "$N"
    month_partitions_sql "$s" "$N" -24 "$M" false create | q >/dev/null
  done
  if [ "$ext_ok" = 1 ]; then
    q -c "SELECT count(*) FROM generate_series(1, $N) i,
          LATERAL partman_ext.register_partition_set(format('bench_rx.t_%s', i)::regclass, 'ts', '1 month',
                                                     premake => 1, default_partition => false)" >/dev/null \
      || { ext_ok=0; note "retention: register_partition_set failed"; }
  fi
  if [ $((r % 2)) = 1 ]; then order="floor ext"; else order="ext floor"; fi
  for v in $order; do
    [ "$v" = ext ] && [ "$ext_ok" = 0 ] && continue
    s=bench_rf; [ "$v" = ext ] && s=bench_rx
    before=$(past_partitions "$s")
    q -c "CHECKPOINT"
    if t=$(time_file "$BENCH_TMP/ret_$v.sql"); then
      after=$(past_partitions "$s")
      echo "$v $t" >> "$BENCH_TMP/ret_times"; echo "   repeat $r $v: $t ms, dropped $((before - after)) of $before" >&2
      [ "$before" = $((N * M)) ] && [ "$after" = 0 ] || note "retention (repeat $r): $v left $after of $before old partitions (expected $((N * M)) -> 0)"
    else
      [ "$v" = ext ] && ext_ok=0; note "retention: the $v variant failed"
    fi
  done
done
for s in bench_rf bench_rx; do drop_sets "$s"; done
f=$(awk '$1 == "floor" { print $2 }' "$BENCH_TMP/ret_times" | median)
e=NA; [ "$ext_ok" = 1 ] && e=$(awk '$1 == "ext" { print $2 }' "$BENCH_TMP/ret_times" | median)
re=$(ratio "$e" "$f")
[ "$ext_ok" = 1 ] || e="NOT AVAILABLE"
report "retention: drop $((N * M)) partitions ($N sets x $M)" "$e" "$f" "-" "$(x "$re") floor" "<= 1.2x floor" "$(holds "$re <= 1.2")"
