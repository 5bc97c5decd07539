#!/usr/bin/env bash
# Case "create_ir": the create case's three scripts counted in machine instructions instead of
# time, so that the figure does not move with the machine's load or disk (a shared machine's
# timed runs of the same script vary by 2x). BENCH_IR_SETS (20) monthly sets x 20 partitions + a
# default each, as in the create case:
#   floor   plain CREATE TABLE .. PARTITION OF script (session_replication_role = replica)
#   attach  plain CREATE TABLE (LIKE parent INCLUDING ALL) + ATTACH PARTITION script (replica)
#   ext     register_partition_set(premake => 19, default_partition => true) + create_future_partitions
# Each runs in a single-user backend (postgres --single) on its own copy of one freshly initialised
# data directory (partman_ext preloaded, its parents created), under valgrind's cachegrind: the
# count is the whole backend's, start to exit; the count of an empty script run the same way is
# subtracted. CPU work only: WAL and file fsyncs are not instructions (the create case times them).
set -uo pipefail
here=$(dirname "$0"); . "$here/lib.sh"; . "$here/sets.sh"; . "$here/single.sh"
N=${BENCH_IR_SETS:-20}; M=20
if ! command -v valgrind >/dev/null; then
  report "create_ir: instructions, $N sets x $M partitions" "NOT AVAILABLE (valgrind missing)" "" "" "" "" "NA"
  exit 0
fi
has_fn register_partition_set || { report "create_ir" "NOT AVAILABLE" "" "" "" "" "NA"; exit 0; }

dir=$BENCH_TMP/ir; mkdir -p "$dir"; chmod a+rwx "$dir"
single_datadir "$dir/template" 512 || { report "create_ir" "ERROR (initdb)" "" "" "" "" "no"; exit 1; }

# single FILE: FILE's lines as single-user input (-j: a statement ends at ";" and an empty line);
# psql's "\;" separators become plain ";" (one query string: one transaction, as psql sends it).
single() { sed 's/ \\; /; /g' "$1" | awk '{ print; print "" }'; }

# The parents, in the template (one schema per variant, created the same way as in the create case).
{
  echo "CREATE EXTENSION partman_ext;"
  for s in ir_fl ir_at ir_ext; do
    echo "CREATE SCHEMA $s;"
    for i in $(seq 1 "$N"); do echo "CREATE TABLE $s.t_$i (ts timestamptz NOT NULL, id bigint, payload text) PARTITION BY RANGE (ts);"; done
  done
} | awk '{ print; print "" }' > "$dir/setup.sql"
create_case_sql floor ir_fl "$N" > "$dir/floor.psql"
create_case_sql attach ir_at "$N" > "$dir/attach.psql"
create_case_sql ext ir_ext "$N" > "$dir/ext.psql"
for v in floor attach ext; do single "$dir/$v.psql" > "$dir/$v.sql"; done
: > "$dir/empty.sql"
chmod a+r "$dir"/*.sql
single_run "$dir/template" "$dir/setup.sql" "$dir/setup" || { grep -h -m1 'ERROR:' "$dir/setup.err" >&2; report "create_ir" "ERROR (setup)" "" "" "" "" "no"; exit 1; }

# ir VARIANT: instructions of a single-user backend running VARIANT's script on a copy of the template.
ir() {
  local v=$1 d=$dir/data_$1 opts=""
  [ "$v" = floor ] || [ "$v" = attach ] && opts="-c session_replication_role=replica"
  rm -rf "$d"; cp -a "$dir/template" "$d"
  single_ir "$d" "$dir/$v.sql" "$dir/$v" $opts
  rm -rf "$d"
}
base=$(ir empty); fl=$(ir floor); at=$(ir attach); ex=$(ir ext)
for c in "$fl" "$at" "$ex"; do
  case "$c" in ''|FAILED) report "create_ir: instructions, $N sets x $M partitions" "FAILED (see log)" "" "" "" "" "no"; exit 1 ;; esac
done
fl=$((fl - base)); at=$((at - base)); ex=$((ex - base))
mi() { awk -v a="$1" 'BEGIN { printf "%.1f M", a / 1e6 }'; }
r() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
report "create_ir: instructions, $N sets x $M partitions (+ default)" "$(mi "$ex")" "$(mi "$fl")" "" "$(r "$ex" "$fl")x floor" "(deterministic; see the create case)" ""
report "create_ir: the plain CREATE TABLE (LIKE) + ATTACH script" "$(mi "$at") (partman_ext: $(r "$ex" "$at")x of it)" "$(mi "$fl")" "" "$(r "$at" "$fl")x floor" "(the ATTACH path's own cost)" ""
note "create_ir: instructions of a single-user backend under valgrind --tool=cachegrind, an empty script's ($(mi "$base")) subtracted; partman_ext's own work = $(mi $((ex - at))) ($(awk -v a=$((ex - at)) -v b="$fl" 'BEGIN { printf "%.1f", 100 * a / b }') % of the floor)"
