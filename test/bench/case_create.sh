#!/usr/bin/env bash
# Case "create": register 200 monthly sets and create 20 partitions each (4,000), default partition
# ON in every variant (pg_partman 4.7.2 always creates one), one transaction per set:
#   floor       plain CREATE TABLE .. PARTITION OF script (the default, then 20 months), one query per set
#   attach      plain script of the statements partman_ext runs: CREATE TABLE (LIKE parent INCLUDING
#               ALL) + ALTER TABLE .. ATTACH PARTITION per partition (20 months, then the default),
#               one query per set: what the ATTACH path itself costs PostgreSQL (issue 10 item 1)
#   partman_ext register_partition_set(premake => 19) + create_future_partitions() per set
#   pg_partman  create_parent(.., 'native', 'monthly', p_premake := 19, p_start_partition := this month)
# Each variant works on its own schema of fresh parents. An untimed warm-up of 10 sets per variant
# runs first. The sets are timed in BENCH_CHUNKS (10) chunks of 20, interleaved across the variants
# with rotating order (the machine is shared; load drifts); a variant's time is the sum of its
# chunks; CHECKPOINT before each chunk; catalogs vacuumed before each repeat. The floor runs with
# session_replication_role = replica, as does attach (no event triggers: plain PostgreSQL). ratio = median over
# repeats of (variant / floor in the same repeat). The last repeat's sets stay for the maintenance case.
set -uo pipefail
here=$(dirname "$0"); . "$here/lib.sh"; . "$here/sets.sh"
N=${BENCH_SETS:-200}; M=20

ext_ok=1; has_fn register_partition_set && has_fn create_future_partitions || ext_ok=0
pm_ok=1; has_fn create_parent partman || pm_ok=0

month_partitions_sql bench_fl "$N" 0 "$M" true > "$BENCH_TMP/create_floor.sql"
month_partitions_sql bench_at "$N" 0 "$M" true attach > "$BENCH_TMP/create_attach.sql"
ext_create_sql bench_ext "$N" > "$BENCH_TMP/create_ext.sql"
pm_create_sql bench_pm "$N" > "$BENCH_TMP/create_pm.sql"

K=${BENCH_CHUNKS:-10}
chunk "$BENCH_TMP/create_floor.sql" "$K" 1; chunk "$BENCH_TMP/create_attach.sql" "$K" 1; chunk "$BENCH_TMP/create_ext.sql" "$K" 2; chunk "$BENCH_TMP/create_pm.sql" "$K" 1
declare -A schema=([floor]=bench_fl [attach]=bench_at [ext]=bench_ext [pm]=bench_pm)
declare -A ok=([floor]=1 [attach]=1 [ext]=$ext_ok [pm]=$pm_ok)
# Warm-up (untimed): 10 sets per variant, so that no variant pays the cluster's first-use costs.
for v in floor attach ext pm; do [ "${ok[$v]}" = 1 ] && make_parents "${schema[$v]}" 10; done
[ "$ext_ok" = 1 ] && head -20 "$BENCH_TMP/create_ext.sql" | q >/dev/null
[ "$pm_ok" = 1 ] && head -10 "$BENCH_TMP/create_pm.sql" | q >/dev/null
head -10 "$BENCH_TMP/create_floor.sql" | q >/dev/null
head -10 "$BENCH_TMP/create_attach.sql" | q >/dev/null
for v in floor attach ext pm; do drop_sets "${schema[$v]}"; done
: > "$BENCH_TMP/create_times"
for r in $(seq 1 "$BENCH_REPEAT"); do
  for v in floor attach ext pm; do make_parents "${schema[$v]}" "$N"; done
  vacuum_catalogs
  vs=(); for v in floor attach ext pm; do [ "${ok[$v]}" = 1 ] && vs+=("$v"); done
  while read -r v t; do
    if [ "$t" = FAILED ]; then ok[$v]=0; note "create: the $v variant failed (see the log above)"
    else echo "$r $v $t" >> "$BENCH_TMP/create_times"; echo "   repeat $r $v: $t ms" >&2; fi
  done < <(time_interleaved "$K" "$BENCH_TMP/create" "${vs[@]}")
  fp_floor=$(partition_fingerprint bench_fl)
  for v in attach ext pm; do
    [ "${ok[$v]}" = 1 ] || continue
    fp=$(partition_fingerprint "${schema[$v]}")
    [ "$fp" = "$fp_floor" ] || note "create (repeat $r): $v partitions differ from the floor script's: '$fp' vs '$fp_floor' (count, md5 of names+bounds)"
  done
  if [ "$r" -lt "$BENCH_REPEAT" ]; then for v in floor attach ext pm; do drop_sets "${schema[$v]}"; done; fi
done

fp_attach=$(partition_fingerprint bench_at)
drop_sets bench_at  # not used by later cases

med() { if [ "${ok[$1]}" = 1 ]; then awk -v v="$1" '$2 == v { print $3 }' "$BENCH_TMP/create_times" | median; else echo NA; fi; }
# mratio V [BASE]: median over the repeats of V's time / BASE's (default: the floor's) in the same repeat.
mratio() { if [ "${ok[$1]}" = 1 ] && [ "${ok[${2:-floor}]}" = 1 ]; then
             awk -v v="$1" -v b="${2:-floor}" '$2 == b { f[$1] = $3 } $2 == v { t[$1] = $3 }
             END { for (r in t) if (f[r] > 0) printf "%.3f\n", t[r] / f[r] }' "$BENCH_TMP/create_times" | median; else echo NA; fi; }
two() { awk -v a="$1" 'BEGIN { if (a == "NA") print a; else printf "%.2f", a }'; }
f=$(med floor); a=$(med attach); e=$(med ext); p=$(med pm)
re=$(two "$(mratio ext)"); rp=$(two "$(mratio pm)"); ra=$(two "$(mratio attach)"); rea=$(two "$(mratio ext attach)")
[ "$ext_ok" = 1 ] || e="NOT AVAILABLE"
[ "$pm_ok" = 1 ] || p="NOT AVAILABLE"
report "create: $N sets x $M partitions (+ default)" "$e" "$f" "$p ($(x "$rp") floor)" "$(x "$re") floor" "<= 1.15x floor" "$(holds "$re <= 1.15")"
report "create: the plain CREATE TABLE (LIKE) + ATTACH script" "$a (partman_ext: $(x "$rea") of it)" "$f" "" "$(x "$ra") floor" "(the ATTACH path's own cost)" ""
note "create: partitions per schema (count, md5 of names+bounds): $(partition_fingerprint bench_fl) floor; $fp_attach plain ATTACH script; $(partition_fingerprint bench_ext) partman_ext; $(partition_fingerprint bench_pm) pg_partman"
note "create: per repeat (ms): $(awk '{ printf "r%s %s %s; ", $1, $2, $3 }' "$BENCH_TMP/create_times")"
