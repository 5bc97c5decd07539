#!/usr/bin/env bash
# Case "create": register 200 monthly sets and create 20 partitions each (4,000), default partition
# ON in every variant (pg_partman 4.7.2 always creates one), one transaction per set:
#   floor       plain CREATE TABLE .. PARTITION OF script (the default, then 20 months), one query per set
#   attach      plain script of the statements partman_ext runs: CREATE TABLE (LIKE parent INCLUDING
#               ALL) + ALTER TABLE .. ATTACH PARTITION per partition (20 months, then the default),
#               one query per set: what the ATTACH path itself costs PostgreSQL (issue 10 item 1)
#   partman_ext register_partition_set(premake => 19) + create_future_partitions() per set
#   pg_partman  create_parent(.., 'native', 'monthly', p_premake := 19, p_start_partition := this month)
# Each variant works on its own schema of fresh parents, a new one in every repeat: the case deletes
# no table before or while it times (see "No deletions" below). An untimed warm-up of 10 sets per
# variant runs first. The sets are timed in BENCH_CHUNKS (10) chunks of 20, interleaved across the
# variants with rotating order (the machine is shared; load drifts); a variant's time is the sum of
# its chunks; CHECKPOINT before each chunk; catalogs vacuumed before each repeat. The floor runs
# with session_replication_role = replica, as does attach (no event triggers: plain PostgreSQL).
# ratio = median over repeats of (variant / floor in the same repeat). The last repeat's schemas
# (bench_fl, bench_ext, bench_pm) stay for the maintenance case; the earlier ones' and the warm-up's
# sets are unregistered after their repeat, and dropped with bench_at when all timing is over (so
# that the later cases run on catalogs of the usual size).
# No deletions: on an ext4 file system without a journal, creating a file skips every inode deleted
# in the last 60 s (6 min while its inode table block is dirty), reading each one's dtime, so
# creating tables right after dropping thousands costs the kernel O(dropped) per file. Measured on
# the development VM with perf: 40-47 % of a creating backend's time in ext4's recently_deleted()
# when the previous repeat's sets had just been dropped, whichever variant ran.
set -uo pipefail
here=$(dirname "$0"); . "$here/lib.sh"; . "$here/sets.sh"
N=${BENCH_SETS:-200}; M=20; K=${BENCH_CHUNKS:-10}

ext_ok=1; has_fn register_partition_set && has_fn create_future_partitions || ext_ok=0
pm_ok=1; has_fn create_parent partman || pm_ok=0
declare -A base=([floor]=bench_fl [attach]=bench_at [ext]=bench_ext [pm]=bench_pm)
declare -A ok=([floor]=1 [attach]=1 [ext]=$ext_ok [pm]=$pm_ok)
declare -A per=([floor]=1 [attach]=1 [ext]=2 [pm]=1)  # script lines per set

# schema_of VARIANT REPEAT: the variant's schema in that repeat (w: the warm-up).
schema_of() { if [ "$2" = "$BENCH_REPEAT" ]; then echo "${base[$1]}"; else echo "${base[$1]}_$2"; fi; }

# Warm-up (untimed): 10 sets per variant, so that no variant pays the cluster's first-use costs.
for v in floor attach ext pm; do
  [ "${ok[$v]}" = 1 ] || continue
  s=$(schema_of "$v" w); make_parents "$s" 10; create_case_sql "$v" "$s" 10 | q >/dev/null; forget_sets "$s"
done
: > "$BENCH_TMP/create_times"
for r in $(seq 1 "$BENCH_REPEAT"); do
  vs=(); for v in floor attach ext pm; do [ "${ok[$v]}" = 1 ] && vs+=("$v"); done
  for v in "${vs[@]}"; do
    s=$(schema_of "$v" "$r"); make_parents "$s" "$N"
    rm -f "$BENCH_TMP/create_$v.sql".*; create_case_sql "$v" "$s" "$N" > "$BENCH_TMP/create_$v.sql"; chunk "$BENCH_TMP/create_$v.sql" "$K" "${per[$v]}"
  done
  vacuum_catalogs
  while read -r v t; do
    if [ "$t" = FAILED ]; then ok[$v]=0; note "create: the $v variant failed (see the log above)"
    else echo "$r $v $t" >> "$BENCH_TMP/create_times"; echo "   repeat $r $v: $t ms" >&2; fi
  done < <(time_interleaved "$K" "$BENCH_TMP/create" "${vs[@]}")
  fp_floor=$(partition_fingerprint "$(schema_of floor "$r")")
  for v in attach ext pm; do
    [ "${ok[$v]}" = 1 ] || continue
    fp=$(partition_fingerprint "$(schema_of "$v" "$r")")
    [ "$fp" = "$fp_floor" ] || note "create (repeat $r): $v partitions differ from the floor script's: '$fp' vs '$fp_floor' (count, md5 of names+bounds)"
  done
  if [ "$r" -lt "$BENCH_REPEAT" ]; then for v in ext pm; do forget_sets "$(schema_of "$v" "$r")"; done; fi
done

fp_attach=$(partition_fingerprint bench_at)
for v in floor attach ext pm; do
  for r in w $(seq 1 $((BENCH_REPEAT - 1))); do drop_sets "$(schema_of "$v" "$r")"; done
done
drop_sets bench_at  # not used by later cases
# The dead catalog rows of those drops are vacuumed now, not by autovacuum during the later cases.
vacuum_catalogs; q -c CHECKPOINT >/dev/null

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
