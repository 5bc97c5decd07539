#!/usr/bin/env bash
# The command-line client partman_ext (issue 12, item 4) against a populated database: every
# command in both formats compared with the SQL it stands for, exit statuses of a healthy, a
# warning and a critical set (Nagios: 0/1/2, 3 for errors), connection options, --set, bars,
# --help and the man page. Runs inside the test cluster (PGHOST/PGPORT/PGUSER set, superuser).
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$(dirname "$0")/../.."
root=$PWD
bin=$(find "$root/.stage" -path '*/bin/partman_ext' -type f 2>/dev/null | head -1)  # what make install staged
[ -n "$bin" ] || bin=$root/src/cli/partman_ext
[ -x "$bin" ] || { echo "FAIL: the client is not built ($bin)"; exit 1; }
db=partman_cli
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
# The test clock (superuser-only setting) reaches the client's sessions through libpq's PGOPTIONS.
clock=2026-06-15T12:00:00+00
export PGOPTIONS="-c partman_ext.mock_now=$clock -c TimeZone=UTC"
export LC_ALL=C.UTF-8
q() { psql -X -At -v ON_ERROR_STOP=1 -d "$db" -c "$1"; }
cli() { "$bin" -d "$db" "$@"; }
status_of() { local rc=0; "$@" >/dev/null 2>&1 || rc=$?; echo "$rc"; }
out() { "$@" 2>&1 || true; }  # output (and errors) of a command whatever its exit status

dropdb --if-exists "$db" 2>/dev/null; dropdb --if-exists "${db}_empty" 2>/dev/null
createdb "$db"; createdb "${db}_empty"
# No scheduler: the client is compared with SQL on data that must not change meanwhile.
psql -X -q -d postgres -c "ALTER DATABASE \"$db\" SET partman_ext.pause_scheduler = on"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION partman_ext;
CREATE SCHEMA cli;
-- Healthy: a monthly set maintained through now + 2 months, rows in the current month.
CREATE TABLE cli.events (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at);
SELECT count(*) FROM partman_ext.register_partition_set('cli.events', 'created_at', '1 month', premake => 2);
SELECT count(*) FROM partman_ext.run_partition_maintenance('cli.events');
INSERT INTO cli.events SELECT g, partman_ext.clock() - g * interval '1 minute' FROM generate_series(1, 300) g;
-- Warning: an integer set with too few partitions ahead (INSUFFICIENT_PREMAKE); maintenance plans them.
CREATE TABLE cli.ids (id int NOT NULL) PARTITION BY RANGE (id);
CREATE TABLE cli.ids_0 PARTITION OF cli.ids FOR VALUES FROM (0) TO (1000);
CREATE TABLE cli.ids_1000 PARTITION OF cli.ids FOR VALUES FROM (1000) TO (2000);
CREATE TABLE cli.ids_2000 PARTITION OF cli.ids FOR VALUES FROM (2000) TO (3000);
INSERT INTO cli.ids SELECT generate_series(0, 2500);
SELECT count(*) FROM partman_ext.register_partition_set('cli.ids', 'id', '1000', premake => 3, default_partition => false, enabled => false);
-- Registered disabled (registration would create the premake partitions itself), then enabled:
-- the set lacks its premake partitions, a WARNING the client must report, and a plan to show.
SELECT count(*) FROM partman_ext.update_partition_set('cli.ids', enabled => true);
-- Critical: a bucket set where one bucket holds far more keys than chance allows (2,000 extra
-- ordinary keys in chunks_part_2, skew ~0.6 against 1/4), and one heavy key (42, 1001 rows).
CREATE TABLE cli.chunks (collection_id int NOT NULL, n int) PARTITION BY HASH (collection_id);
SELECT count(*) FROM partman_ext.create_bucket_partitions('cli.chunks', 4);
INSERT INTO cli.chunks SELECT g, 0 FROM generate_series(1, 4000) g;
INSERT INTO cli.chunks SELECT g, 0 FROM generate_series(100000, 120000) g
 WHERE satisfies_hash_partition('cli.chunks'::regclass, 4, 2, g) LIMIT 2000;
INSERT INTO cli.chunks SELECT 42, g FROM generate_series(1, 1000) g;
-- Vacuumed and analyzed now, so that autovacuum does not change sizes (visibility and free-space
-- maps) or estimates between the client's answer and the SQL it is compared with.
VACUUM ANALYZE cli.events, cli.ids, cli.chunks;
-- Activity samples of the integer set (hot spots and writes per hour).
INSERT INTO partman_ext.partition_activity_samples (sampled_at, parent_relid, partition_relid, n_tup_ins, n_tup_upd, n_tup_del)
SELECT partman_ext.clock() - s.ago, 'cli.ids'::regclass, s.part::regclass, s.ins, 0, 0
  FROM (VALUES (1, 'cli.ids_0', interval '26 hours', 100), (2, 'cli.ids_0', '20 hours', 400),
               (3, 'cli.ids_0', '50 minutes', 900), (4, 'cli.ids_0', '5 minutes', 2000),
               (5, 'cli.ids_1000', '20 hours', 10), (6, 'cli.ids_1000', '5 minutes', 310)) s(n, part, ago, ins)
 ORDER BY s.n;
SQL

# --help, --version, the man page ------------------------------------------------------------------
help=$("$bin" --help) && rc=0 || rc=$?
[ "$rc" = 0 ] || fail "--help exits $rc"
for c in health distribution sizes hot skew refresh collections plan full; do
  grep -q "^  $c " <<<"$help" || fail "--help does not list $c"
done
grep -q -- "--format=FORMAT" <<<"$help" && grep -q -- "-U, --username" <<<"$help" || fail "--help lacks options"
"$bin" --version | grep -q "^partman_ext (partman_ext client) " || fail "--version"
man=$(find "$root/.stage" -path '*/man1/partman_ext.1' -type f 2>/dev/null | head -1)
[ -n "$man" ] || fail "make install did not stage the man page"
if command -v groff >/dev/null; then
  warnings=$(groff -man -z -ww "$root/docs/partman_ext.1" 2>&1)
  [ -z "$warnings" ] || fail "groff warns about the man page: $warnings"
fi
ok "--help, --version, man page"

# Exit statuses (Nagios: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN) -------------------------------------
expect_status() {  # $1: status, $2..: client arguments
  local want=$1; shift
  local got; got=$(status_of cli "$@")
  [ "$got" = "$want" ] || fail "partman_ext $* exits $got, expected $want"
}
expect_status 0 health --parent cli.events
expect_status 1 health --parent cli.ids
expect_status 2 health --parent cli.chunks
expect_status 2 health
expect_status 2 health --format json --parent cli.chunks
expect_status 2 skew
expect_status 0 skew --parent cli.events     # not a bucket set: nothing to judge
expect_status 2 distribution
expect_status 2 full
expect_status 0 full --parent cli.events
expect_status 1 full --parent cli.ids
for c in sizes hot collections plan; do expect_status 0 "$c"; done
expect_status 3 health --parent cli.ids_0    # a partition, not a set
expect_status 3 health --parent cli.nosuch
expect_status 3 nosuch
expect_status 3 health --format xml
status=$(status_of "$bin" -d "${db}_empty" health)
[ "$status" = 3 ] || fail "a database without the extension exits $status, expected 3"
out "$bin" -d "${db}_empty" health | grep -q 'extension partman_ext is not installed' || fail "missing-extension message"
status=$(status_of "$bin" -h /nonexistent/socket/dir -d "$db" -w health)
[ "$status" = 3 ] || fail "no connection exits $status, expected 3"
out cli health --parent cli.nosuch | grep -q 'relation "cli.nosuch" does not exist' || fail "unknown table message"
out cli health --parent cli.ids_0 | grep -q 'cli.ids_0 is not a registered partition set' || fail "unregistered set message"
line=$(out cli health | head -1)
[ "$line" = "health: CRITICAL - 3 sets: 1 CRITICAL, 1 WARNING, 1 HEALTHY" ] || fail "health summary line: $line"
ok "exit statuses and errors"

# JSON: each section's rows are the rows of the view or function, in the same order, restricted to
# the columns the client selects -------------------------------------------------------------------
same_rows() {  # $1: what, $2: client JSON array, $3: SQL returning the rows; $4: keys to ignore (jq array)
  local sql_json
  sql_json=$(q "SELECT coalesce(json_agg(to_json(t)), '[]') FROM ($3) t")
  # Through files: a set's every key is more than an argument list holds.
  printf '%s' "$2" >"$tmp/client.json"
  printf '%s' "$sql_json" >"$tmp/sql.json"
  if ! jq -e -n --slurpfile cs "$tmp/client.json" --slurpfile ss "$tmp/sql.json" --argjson ignore "${4:-[]}" \
        '$cs[0] as $c | $ss[0] as $s |
        ($c | length) == ($s | length) and ($c | length) > 0 and
        all(range(0; $c | length); . as $i
            | ($c[$i] | del(.[$ignore[]])) as $row
            | ($s[$i] | with_entries(select(.key as $k | $row | has($k)))) == $row
              and ($row | keys | length) > 0)' >/dev/null; then
    fail "$1: the client's rows differ from SQL"; echo "client: $2" | head -c 2000; echo; echo "sql: $sql_json" | head -c 2000; echo
  fi
}
section() { jq -c "$2" <<<"$1"; }
for parent in "" cli.chunks; do
  popt=(); filter="true"; arg=NULL
  if [ -n "$parent" ]; then popt=(--parent "$parent"); filter="parent_table::regclass = '$parent'::regclass"; arg="'$parent'"; fi
  j=$(out cli health --format json "${popt[@]}")
  same_rows "health.sets $parent" "$(section "$j" .sets)" \
    "SELECT * FROM partman_ext.partition_health_summary WHERE $filter ORDER BY parent_table::text"
  same_rows "health.alerts $parent" "$(section "$j" .alerts)" "SELECT * FROM partman_ext.check_partition_health($arg)"
  j=$(out cli distribution --format json "${popt[@]}")
  same_rows "distribution.sets $parent" "$(section "$j" .sets)" \
    "SELECT * FROM partman_ext.partition_distribution WHERE $filter ORDER BY parent_table::text"
  same_rows "distribution.partitions $parent" "$(section "$j" .partitions)" \
    "SELECT * FROM partman_ext.partition_chunk_distribution WHERE $filter
      ORDER BY parent_table::text, is_default, data_age DESC NULLS LAST, partition_name" '["xid_age"]'  # transactions go on
  j=$(cli sizes --format json "${popt[@]}")
  same_rows "sizes $parent" "$(section "$j" .partitions)" \
    "SELECT * FROM partman_ext.v_partition_sizes WHERE $filter
      ORDER BY parent_table::text, start_date NULLS LAST, bytes DESC NULLS LAST, partition_name"
  j=$(out cli skew --format json "${popt[@]}")
  same_rows "skew $parent" "$(section "$j" .partitions)" "SELECT * FROM partman_ext.analyze_partition_skew($arg)"
done
j=$(cli hot --format json)
same_rows "hot.hot_spots" "$(section "$j" .hot_spots)" \
  "SELECT * FROM partman_ext.partition_hot_spots WHERE writes_week > 0
    ORDER BY parent_table::text, writes_hour DESC NULLS LAST, writes_day DESC NULLS LAST, partition_name"
same_rows "hot.writes_per_hour" "$(section "$j" .writes_per_hour)" \
  "SELECT hour, sum(writes)::bigint AS writes FROM partman_ext.partition_writes_per_hour(NULL, 24) GROUP BY hour ORDER BY hour"
[ "$(jq '[.writes_per_hour[] | select(.writes != null) | .writes] | add' <<<"$j")" = 2200 ] || fail "writes per hour: not 2200 writes"
j=$(cli hot --format json --parent cli.ids)
same_rows "hot.writes_per_hour cli.ids" "$(section "$j" .writes_per_hour)" \
  "SELECT hour, writes FROM partman_ext.partition_writes_per_hour('cli.ids', 24) ORDER BY hour"
j=$(cli plan --format json)
same_rows "plan" "$(section "$j" .actions)" "SELECT * FROM partman_ext.run_partition_maintenance(NULL, true)"
[ "$(jq '[.actions[] | select(.action == "would create")] | length' <<<"$j")" = 3 ] || fail "plan: 3 partitions of cli.ids to create"
# refresh writes key_statistics; run again through SQL, the same counts come back (exact: small sets).
j=$(cli refresh --format json)
# (incremental: the second refresh counts no partition again, so only the totals are compared)
same_rows "refresh" "$(section "$j" .sets)" "SELECT * FROM partman_ext.refresh_key_statistics(NULL)" '["duration_ms", "refreshed_partitions", "rows_counted"]'
j=$(cli collections --format json)
same_rows "collections" "$(section "$j" .keys)" \
  "SELECT parent_table, partition_name, key_value, row_count,
          round(row_count::numeric / nullif(sum(row_count) OVER (PARTITION BY parent_table), 0), 6) AS share,
          bytes, value_sum, round(value_sum / nullif(row_count, 0), 2) AS avg_value, first_seen, last_seen, refreshed_at
     FROM partman_ext.key_statistics ORDER BY parent_table::text, row_count DESC, key_value"
[ "$(jq -r '.keys[0] | select(.row_count == 1001) | .key_value' <<<"$j")" = 42 ] || fail "collections: key 42 is not the heaviest"
# full = the commands it runs (without their generated_at and xid_age, which moves on), with the worst status.
stable='walk(if type == "object" then del(.generated_at, .xid_age) else . end)'
j=$(out cli full --format json)
[ "$(jq -r '.status' <<<"$j")" = CRITICAL ] || fail "full: status"
[ "$(jq -r '.generated_at' <<<"$j")" = "2026-06-15T12:00:00+00:00" ] || fail "full: generated_at is not the extension's clock"
for c in health distribution sizes hot skew collections plan; do
  part=$(out cli "$c" --format json | jq -S "$stable")
  [ "$(jq -S ".$c | $stable" <<<"$j")" = "$part" ] || fail "full.$c differs from $c"
done
ok "JSON of every command equals its SQL"

# Tables: the rows psql prints for the same query (numbers as psql prints them, without the bar
# column), footers that count the JSON rows, bars in the locale's character set ----------------------
strip_trailing() { sed 's/ *$//'; }
psql_table() { psql -X -P footer=on -d "$db" -c "$1" | strip_trailing | sed '/^$/d'; }
cli_table() {  # $1: command, $2: title of the section, $3: 1 to drop the last (bar) column
  out cli "$1" --format table | awk -v t="$2" '$0 == t {on = 1; next} on && /^\([0-9]+ rows?\)$/ {print; exit} on' |
    { if [ "$3" = 1 ]; then sed -e '/^(/!s/ |[^|]*$//' -e '2s/+-*$//'; else cat; fi; } | strip_trailing
}
a=$(cli_table sizes "Partition sizes" 1)
b=$(psql_table "SELECT parent_table, partition_name, start_date, end_date, row_count, size_mb FROM partman_ext.v_partition_sizes
                 ORDER BY parent_table::text, start_date NULLS LAST, bytes DESC NULLS LAST, partition_name")
[ "$a" = "$b" ] || { fail "sizes table differs from psql's"; diff <(echo "$a") <(echo "$b") || true; }
a=$(cli_table plan "Next maintenance (dry run)" 0)
b=$(psql_table "SELECT parent_table, partition_name, lower_bound, upper_bound, est_rows, bytes, rows_moved, action, message
                  FROM partman_ext.run_partition_maintenance(NULL, true)")
[ "$a" = "$b" ] || { fail "plan table differs from psql's"; diff <(echo "$a") <(echo "$b") || true; }
for c in health distribution sizes hot skew refresh collections plan; do
  t=$(out cli "$c")
  footers=$(grep -E '^\([0-9]+ rows?\)$' <<<"$t" | tr -dc '0-9\n' | paste -sd' ')
  counts=$(out cli "$c" --format json | jq -r '[to_entries[] | select(.value | type == "array") | select(.key != "alerts") | .value | length] | map(tostring) | join(" ")')
  [ "$footers" = "$counts" ] || fail "$c: table footers ($footers) do not count the JSON rows ($counts)"
done
t=$(out cli skew --parent cli.chunks)
grep -q '█' <<<"$t" && grep -q '│' <<<"$t" || fail "skew in a UTF-8 locale: no Unicode bars or 1/N line"
t=$(out cli skew --parent cli.chunks --charset=ascii)
grep -q '█' <<<"$t" && fail "skew --charset=ascii draws Unicode"
grep -qE '#+\|#+' <<<"$t" || fail "skew --charset=ascii: no ASCII bar crossing the 1/N line"
t=$(LC_ALL=C cli sizes)
grep -q '#' <<<"$t" && ! grep -q '█' <<<"$t" || fail "sizes in the C locale is not ASCII"
w=$(out cli sizes --parent cli.chunks --bar-width 8 --charset ascii | grep -c ' | ########$')
[ "$w" = 1 ] || fail "--bar-width 8: the largest bucket should have exactly 8 characters"
ok "tables equal psql's, bars"

# Connection options and settings: psql's -h -p -U -d, a conninfo string, a positional database,
# --db-url, and --set instead of PGOPTIONS --------------------------------------------------------------
ref=$(out cli health --format json | jq -S 'del(.generated_at)')
host=${PGHOST:-$(q "SELECT split_part(current_setting('unix_socket_directories'), ',', 1)")}
port=${PGPORT:-$(q "SHOW port")}
user=${PGUSER:-$(q "SELECT current_user")}
same() { [ "$(jq -S 'del(.generated_at)' <<<"$2")" = "$ref" ] || fail "$1 gives another answer"; }
same "-h -p -U -d" "$(out env -u PGDATABASE "$bin" -h "$host" -p "$port" -U "$user" -d "$db" health --format json)"
same "conninfo" "$(out env -u PGHOST -u PGPORT "$bin" -d "host=$host port=$port dbname=$db" health --format json)"
same "positional" "$(out "$bin" health --format json "$db" "$user")"
same "--db-url" "$(out env -u PGHOST -u PGPORT "$bin" --db-url "postgresql:///$db?host=$host&port=$port" health --format json)"
same "PGDATABASE" "$(PGDATABASE=$db out "$bin" health --format json)"
same "--set" "$(out env -u PGOPTIONS "$bin" -d "$db" --set "partman_ext.mock_now=$clock" --set TimeZone=UTC health --format json)"
# --set comes after PGOPTIONS: another clock.
t=$(out cli --set partman_ext.mock_now=2030-01-01T00:00:00+00 sizes --format json | jq -r .generated_at)
[ "$t" = "2030-01-01T00:00:00+00:00" ] || fail "--set did not reach the session ($t)"
ok "connection options, --set"

dropdb "$db"; dropdb "${db}_empty"
[ "$fails" = 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "ok: the partman_ext client"
