# Helpers shared by the benchmark cases (sourced; runs inside pg_virtualenv: PGHOST/PGPORT/PGUSER set).
# Times are milliseconds measured on the server clock (clock_timestamp()/statement_timestamp()).
BENCH_DB=${BENCH_DB:-partman_bench}
BENCH_REPEAT=${BENCH_REPEAT:-3}
BENCH_TMP=${BENCH_TMP:-$(mktemp -d /tmp/partman_bench.XXXXXX)}
chmod a+rx "$BENCH_TMP"
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"

# x RATIO: "1.23x" (or NA).
x() { case "$1" in NA) echo NA ;; *) echo "${1}x" ;; esac; }

# q [psql args]: one psql call, unaligned, tuples only, stop on the first error.
q() { psql -X -q -v ON_ERROR_STOP=1 -d "$BENCH_DB" -At "$@"; }

# has_fn NAME [SCHEMA]: true when SCHEMA.NAME exists (default schema partman_ext).
has_fn() {
  [ "$(q -c "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = '${2:-partman_ext}' AND p.proname = '$1'")" != 0 ]
}

# median: median of the numbers on stdin (one per line), "NA" for none.
median() {
  sort -g | awk '{a[NR] = $1} END {
    if (NR == 0) print "NA"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# time_file FILE: runs FILE in one new session and prints the milliseconds from the start of its
# first statement to the end of its last (server clock; includes one loopback round trip per
# statement sent). Output of FILE's own statements is discarded.
time_file() {
  q <<SQL
SELECT clock_timestamp() AS bench_t0 \gset
\o /dev/null
\i $1
\o
SELECT round(extract(epoch FROM clock_timestamp() - :'bench_t0'::timestamptz) * 1000, 2);
SQL
}

# ratio A B: A / B with 2 decimals ("NA" when either is missing).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "NA" || b == "NA" || a == "" || b == "" || b + 0 == 0) print "NA"; else printf "%.2f\n", a / b }'; }

# holds EXPR: evaluates an awk boolean expression over numbers, prints yes/no (NA when it names NA).
holds() { case "$1" in *NA*) echo "NA" ;; *) awk "BEGIN { print (($1) ? \"yes\" : \"no\") }" ;; esac; }

# report CASE PARTMAN_EXT FLOOR PEER RATIO TARGET MET: one row of the results table.
report() {
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$@" | tee -a "$BENCH_RESULTS"
}
# note TEXT: a line under the table (what was measured, checks that failed, ...).
note() { echo "  - $*" | tee -a "$BENCH_NOTES"; }

# chunk FILE K PER: splits FILE (PER lines per set) into K files FILE.1 .. FILE.K of whole sets.
chunk() {
  local n sets per_chunk
  n=$(wc -l < "$1"); sets=$(( n / $3 )); per_chunk=$(( (sets + $2 - 1) / $2 ))
  awk -v f="$1" -v per=$(( per_chunk * $3 )) '{ print > (f "." (int((NR - 1) / per) + 1)) }' "$1"
}

# time_interleaved K FILE_PREFIX VARIANT...: runs the chunks FILE_PREFIX_<variant>.sql.1 .. .K,
# chunk by chunk, rotating the variants' order at each chunk, so that slow phases of a shared
# machine fall on every variant alike. Prints "<variant> <total ms>" per variant, or
# "<variant> FAILED". A CHECKPOINT precedes every timed chunk. The variants "floor" and "attach"
# run with session_replication_role = replica, which skips event triggers (partman_ext's sql_drop
# trigger): they are what plain PostgreSQL costs; "floor_trg" is the floor's script with them.
time_interleaved() {
  local k=$1 prefix=$2; shift 2
  local -a vs=("$@"); local -A tot=() bad=()
  local c i v t n=${#vs[@]}
  for c in $(seq 1 "$k"); do
    for i in $(seq 0 $((n - 1))); do
      v=${vs[$(( (i + c - 1) % n ))]}
      [ -n "${bad[$v]:-}" ] && continue
      q -c "CHECKPOINT"
      if t=$(if [ "$v" = floor ] || [ "$v" = attach ]; then PGOPTIONS="$PGOPTIONS -c session_replication_role=replica" time_file "${prefix}_$v.sql.$c"
             else time_file "${prefix}_$v.sql.$c"; fi); then tot[$v]=$(awk -v a="${tot[$v]:-0}" -v b="$t" 'BEGIN { print a + b }')
      else bad[$v]=1; fi
    done
  done
  for v in "${vs[@]}"; do if [ -n "${bad[$v]:-}" ]; then echo "$v FAILED"; else echo "$v ${tot[$v]}"; fi; done
}

# vacuum_catalogs: VACUUM the system catalogs that creating and dropping thousands of tables bloats,
# so that a repeat does not run on the dead rows of the previous one.
vacuum_catalogs() {
  q -c "VACUUM pg_class" -c "VACUUM pg_attribute" -c "VACUUM pg_type" -c "VACUUM pg_depend" \
    -c "VACUUM pg_inherits" -c "VACUUM pg_constraint" -c "VACUUM pg_index" -c "VACUUM pg_attrdef" \
    -c "VACUUM pg_statistic" -c "VACUUM pg_namespace" >/dev/null
}
