#!/usr/bin/env bash
# Case "maintenance": one maintenance pass over the 200 sets of the create case (20 partitions ahead
# each: nothing to do), in a new session ("cold": the session's first statement) and as the next
# calls in the same session ("warm": median of 3 further calls). Server-side time of the one
# statement: clock_timestamp() - statement_timestamp(), read after the call has returned all rows.
#   partman_ext  SELECT .. FROM partman_ext.run_partition_maintenance(NULL, false)
#   pg_partman   SELECT partman.run_maintenance()
# BENCH_SESSIONS new sessions each (default 5); medians over them.
set -uo pipefail
here=$(dirname "$0"); . "$here/lib.sh"; . "$here/sets.sh"
N=${BENCH_SETS:-200}; S=${BENCH_SESSIONS:-5}

ext_ok=1; has_fn run_partition_maintenance && has_fn register_partition_set && has_fn create_future_partitions || ext_ok=0
pm_ok=1; has_fn run_maintenance partman || pm_ok=0

# The sets: left by the create case, or made here when this case runs alone.
read -r ne _ <<< "$(registered_sets bench_ext)"
if [ "$ext_ok" = 1 ] && [ "$ne" -lt "$N" ]; then
  drop_sets bench_ext; make_parents bench_ext "$N"; ext_create_sql bench_ext "$N" | q >/dev/null
fi
read -r _ np <<< "$(registered_sets bench_pm)"
if [ "$pm_ok" = 1 ] && [ "$np" -lt "$N" ]; then
  drop_sets bench_pm; make_parents bench_pm "$N"; pm_create_sql bench_pm "$N" | q >/dev/null
fi

ext_call="SELECT round((extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1000)::numeric, 3),
                 count(*), count(*) FILTER (WHERE action <> 'skipped')
          FROM partman_ext.run_partition_maintenance(NULL, false);"
pm_call="SELECT round((extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1000)::numeric, 3), 0, 0
         FROM (SELECT partman.run_maintenance() OFFSET 0) s;"
: > "$BENCH_TMP/maint"
for s in $(seq 1 "$S"); do
  for v in ext pm; do
    [ "$v" = ext ] && { [ "$ext_ok" = 1 ] || continue; call=$ext_call; }
    [ "$v" = pm ] && { [ "$pm_ok" = 1 ] || continue; call=$pm_call; }
    if ! out=$(q -F' ' -c "$call" -c "$call" -c "$call" -c "$call"); then
      note "maintenance: the $v call failed"; [ "$v" = ext ] && ext_ok=0 || pm_ok=0; continue
    fi
    echo "$out" | awk -v v="$v" 'NR == 1 { print v, "cold", $0 } NR > 1 { print v, "warm", $0 }' >> "$BENCH_TMP/maint"
  done
done
med() { awk -v v="$1" -v k="$2" '$1 == v && $2 == k { print $3 }' "$BENCH_TMP/maint" | median; }
ec=$(med ext cold); ew=$(med ext warm); pc=$(med pm cold); pw=$(med pm warm)
[ "$ext_ok" = 1 ] || { ec=NA; ew=NA; }
[ "$pm_ok" = 1 ] || { pc=NA; pw=NA; }
sc=$(ratio "$pc" "$ec"); sw=$(ratio "$pw" "$ew")
show() { if [ "$2" = 1 ]; then echo "$1"; else echo "NOT AVAILABLE"; fi; }
report "maintenance, nothing to do, $N sets: cold (new session)" "$(show "$ec" "$ext_ok")" "-" "$(show "$pc" "$pm_ok")" \
  "$(x "$sc") faster" ">= 10x faster than pg_partman" "$(holds "$sc >= 10")"
report "maintenance, nothing to do, $N sets: warm (same session)" "$(show "$ew" "$ext_ok")" "-" "$(show "$pw" "$pm_ok")" \
  "$(x "$sw") faster" "<= 5 ms and >= 50x faster" "$(holds "$ew <= 5 && $sw >= 50")"
if [ "$ext_ok" = 1 ]; then
  note "maintenance: partman_ext returned $(awk '$1 == "ext" { r += $4; a += $5 } END { print r " rows, " a " not skipped" }' "$BENCH_TMP/maint") over $((S * 4)) calls (nothing to do: expect 0 not skipped); cold ms per session: $(awk '$1 == "ext" && $2 == "cold" { printf "%s ", $3 }' "$BENCH_TMP/maint")"
fi
[ "$pm_ok" = 1 ] && note "maintenance: pg_partman cold ms per session: $(awk '$1 == "pm" && $2 == "cold" { printf "%s ", $3 }' "$BENCH_TMP/maint")"
true
