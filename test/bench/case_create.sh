#!/usr/bin/env bash
# Case "create": register 200 monthly sets and create 20 partitions each (4,000), default partition
# ON in all three variants (pg_partman 4.7.2 always creates one), one transaction per set:
#   floor       plain CREATE TABLE .. PARTITION OF script (the default, then 20 months), one query per set
#   partman_ext register_partition_set(premake => 19) + create_future_partitions() per set
#   pg_partman  create_parent(.., 'native', 'monthly', p_premake := 19, p_start_partition := this month)
# Each variant works on its own schema of fresh parents; order rotates between repeats; CHECKPOINT
# before each timed run. The last repeat's sets stay for the maintenance case.
set -uo pipefail
here=$(dirname "$0"); . "$here/lib.sh"; . "$here/sets.sh"
N=${BENCH_SETS:-200}; M=20

ext_ok=1; has_fn register_partition_set && has_fn create_future_partitions || ext_ok=0
pm_ok=1; has_fn create_parent partman || pm_ok=0

month_partitions_sql bench_fl "$N" 0 "$M" true > "$BENCH_TMP/create_floor.sql"
ext_create_sql bench_ext "$N" > "$BENCH_TMP/create_ext.sql"
pm_create_sql bench_pm "$N" > "$BENCH_TMP/create_pm.sql"

declare -A file=([floor]=create_floor.sql [ext]=create_ext.sql [pm]=create_pm.sql)
declare -A schema=([floor]=bench_fl [ext]=bench_ext [pm]=bench_pm)
declare -A ok=([floor]=1 [ext]=$ext_ok [pm]=$pm_ok)
: > "$BENCH_TMP/create_times"
for r in $(seq 1 "$BENCH_REPEAT"); do
  case $((r % 3)) in 1) order="floor ext pm" ;; 2) order="ext pm floor" ;; 0) order="pm floor ext" ;; esac
  for v in floor ext pm; do make_parents "${schema[$v]}" "$N"; done
  for v in $order; do
    [ "${ok[$v]}" = 1 ] || continue
    q -c "CHECKPOINT"
    if t=$(time_file "$BENCH_TMP/${file[$v]}"); then
      echo "$v $t" >> "$BENCH_TMP/create_times"; echo "   repeat $r $v: $t ms" >&2
    else
      ok[$v]=0; note "create: the $v variant failed (see the log above)"
    fi
  done
  fp_floor=$(partition_fingerprint bench_fl)
  for v in ext pm; do
    [ "${ok[$v]}" = 1 ] || continue
    fp=$(partition_fingerprint "${schema[$v]}")
    [ "$fp" = "$fp_floor" ] || note "create (repeat $r): $v partitions differ from the floor script's: '$fp' vs '$fp_floor' (count, md5 of names+bounds)"
  done
  if [ "$r" -lt "$BENCH_REPEAT" ]; then for v in floor ext pm; do drop_sets "${schema[$v]}"; done; fi
done

med() { if [ "${ok[$1]}" = 1 ]; then awk -v v="$1" '$1 == v { print $2 }' "$BENCH_TMP/create_times" | median; else echo NA; fi; }
f=$(med floor); e=$(med ext); p=$(med pm)
re=$(ratio "$e" "$f"); rp=$(ratio "$p" "$f")
[ "$ext_ok" = 1 ] || e="NOT AVAILABLE"
[ "$pm_ok" = 1 ] || p="NOT AVAILABLE"
report "create: $N sets x $M partitions (+ default)" "$e" "$f" "$p ($(x "$rp") floor)" "$(x "$re") floor" "<= 1.15x floor" "$(holds "$re <= 1.15")"
note "create: partitions per schema (count, md5 of names+bounds): $(partition_fingerprint bench_fl) floor; $(partition_fingerprint bench_ext) partman_ext; $(partition_fingerprint bench_pm) pg_partman"
