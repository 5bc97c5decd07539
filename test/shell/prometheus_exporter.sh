#!/usr/bin/env bash
# contrib/prometheus/queries.yaml in the real exporter (Debian's prometheus-postgres-exporter):
# starts it against a database with a time, an integer and a bucket set, scrapes /metrics once,
# and checks every metric's name, labels and value against SQL that computes the same figure from
# the catalog and partman_ext's functions. Also checks that every metric the Grafana dashboard
# (contrib/grafana/partman_ext.json) asks for is exported.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
db=partman_exporter
exporter=$(command -v prometheus-postgres-exporter || true)
[ -n "$exporter" ] || { echo "prometheus-postgres-exporter is not installed (scripts/install-deps.sh)"; exit 1; }
PSQL=(psql -X -At -v ON_ERROR_STOP=1 -q)
work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  if [ -n "${KEEP_SCRAPE:-}" ]; then cp "$work/metrics" "$KEEP_SCRAPE" || true; fi
  rm -rf "$work"
  dropdb --if-exists "$db" >/dev/null 2>&1 || true
}
trap cleanup EXIT

dropdb --if-exists --force "$db" >/dev/null 2>&1 || true
createdb "$db"
# No scheduler: the scraped figures are compared with SQL on data that must not change meanwhile.
psql -X -q -d postgres -c "ALTER DATABASE \"$db\" SET partman_ext.pause_scheduler = on"
# Every session in this database, the exporter's too, takes the same "now".
"${PSQL[@]}" -d postgres -c "ALTER DATABASE $db SET partman_ext.mock_now = '2026-06-15 12:00:00+00'"
"${PSQL[@]}" -d "$db" >/dev/null <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION partman_ext;
CREATE TABLE public.events (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at);
SELECT count(*) FROM partman_ext.register_partition_set('public.events', 'created_at', '1 month', premake => 3,
                                                        retention => '6 months', retention_mode => 'detach');
SELECT count(*) FROM partman_ext.create_future_partitions('public.events');
INSERT INTO public.events SELECT g, timestamptz '2026-06-01' + g * interval '1 minute' FROM generate_series(1, 2000) g;
-- A far-future stray: lands in the default partition.
INSERT INTO public.events SELECT g, timestamptz '2031-01-01' FROM generate_series(1, 25) g;
CREATE TABLE public.ids (id bigint NOT NULL) PARTITION BY RANGE (id);
SELECT count(*) FROM partman_ext.register_partition_set('public.ids', 'id', '1000', premake => 2, default_partition => false);
SELECT count(*) FROM partman_ext.create_future_partitions('public.ids');
INSERT INTO public.ids SELECT generate_series(1, 1500);
CREATE TABLE public.chunks (collection_id uuid NOT NULL, n int) PARTITION BY HASH (collection_id);
SELECT count(*) FROM partman_ext.create_bucket_partitions('public.chunks', 4);
INSERT INTO public.chunks SELECT md5(g::text)::uuid, g FROM generate_series(1, 4000) g;
ANALYZE public.events, public.ids, public.chunks;
-- History as the scheduler and maintenance would have written it: the setup's actions 4 hours
-- ago (maintenance_log.logged_at is the real time; "now" is partman_ext.mock_now here), then a
-- failed and a successful maintenance action of events, and a failing job of ids.
UPDATE partman_ext.maintenance_log SET logged_at = partman_ext.clock() - interval '4 hours';
INSERT INTO partman_ext.maintenance_log (logged_at, operation, parent_table, success, sqlstate, message)
VALUES (partman_ext.clock() - interval '3 hours', 'create', 'public.events', false, '55P03', 'lock timeout'),
       (partman_ext.clock() - interval '2 hours', 'create', 'public.events', true, NULL, 'created');
INSERT INTO partman_ext.job (kind, parent_table, schedule_interval, consecutive_failures)
VALUES ('maintenance', 'public.ids', '1 hour', 2);
INSERT INTO partman_ext.job_run (job_id, kind, parent_table, started_at, finished_at, status, sqlstate, message)
SELECT job_id, kind, parent_table::text, partman_ext.clock() - i * interval '1 hour',
       partman_ext.clock() - i * interval '1 hour' + interval '1 second', 'failed', '42501', 'permission denied'
  FROM partman_ext.job, generate_series(2, 1, -1) i WHERE parent_table = 'public.ids'::regclass;
SQL

# The exporter, on a free loopback port, connected like psql is. lib/pq panics on some PG*
# variables (pg_virtualenv sets PGSYSCONFDIR), so it gets a clean environment: the DSN and the
# password (lib/pq reads PGPASSWORD).
port=""
while [ -z "$port" ] || ss -ltn 2>/dev/null | grep -q ":$port "; do port=$((30000 + RANDOM % 20000)); done
pgport=$("${PSQL[@]}" -d "$db" -c "SELECT coalesce(inet_server_port(), current_setting('port')::int)")
pguser=$("${PSQL[@]}" -d "$db" -c "SELECT current_user")
env -i PGPASSWORD="${PGPASSWORD:-}" \
  DATA_SOURCE_NAME="host=${PGHOST:-/var/run/postgresql} port=$pgport dbname=$db user=$pguser sslmode=disable" \
  "$exporter" --extend.query-path="$root/contrib/prometheus/queries.yaml" --disable-default-metrics \
  --disable-settings-metrics --web.listen-address="127.0.0.1:$port" >"$work/exporter.log" 2>&1 &
pid=$!
for _ in $(seq 1 50); do
  curl -sf "http://127.0.0.1:$port/metrics" -o "$work/metrics" && grep -q '^partman_ext_set_partitions' "$work/metrics" && break
  sleep 0.2
done
grep -q '^partman_ext_set_partitions' "$work/metrics" 2>/dev/null ||
  { cat "$work/exporter.log"; cat "$work/metrics" 2>/dev/null | grep -v '^#' | head; echo "not ok - no partman_ext metrics scraped"; exit 1; }
if grep -q 'level=error' "$work/exporter.log"; then cat "$work/exporter.log"; echo "not ok - the exporter logged errors"; exit 1; fi

# The same figures, computed from the catalog and partman_ext's functions (not from the views the
# queries read where an independent source exists): "name{label=value,...} value" lines.
"${PSQL[@]}" -d "$db" >"$work/expected" <<'SQL'
WITH sets AS (
    SELECT format('%I.%I', n.nspname, r.relname) AS parent_table, c.strategy, c.premake, c.parent_table AS rel,
           nullif(p.partdefid, 0)::regclass AS def
      FROM partman_ext.part_config c JOIN pg_partitioned_table p ON p.partrelid = c.parent_table
      JOIN pg_class r ON r.oid = c.parent_table JOIN pg_namespace n ON n.oid = r.relnamespace
), parts AS (
    SELECT s.parent_table, i.inhrelid::regclass AS part, i.inhrelid IS NOT DISTINCT FROM s.def::oid AS is_default
      FROM sets s JOIN pg_inherits i ON i.inhparent = s.rel
), lp AS (
    -- Future partitions: of a time set, those list_partitions() calls future (wholly after now); of
    -- an integer set, those above the largest id.
    SELECT 'public.events' AS parent_table, count(*) FILTER (WHERE l.status = 'future') AS future
      FROM partman_ext.list_partitions('public.events') l
    UNION ALL
    SELECT 'public.ids', count(*) FILTER (WHERE l.lower_bound::bigint > (SELECT max(id) FROM public.ids))
      FROM partman_ext.list_partitions('public.ids') l
), m AS (
    SELECT s.parent_table, s.strategy, 'partitions' AS metric, count(p.part) FILTER (WHERE NOT p.is_default)::numeric AS v
      FROM sets s LEFT JOIN parts p USING (parent_table) GROUP BY 1, 2
    UNION ALL
    SELECT s.parent_table, s.strategy, 'future_partitions',
           CASE WHEN s.strategy <> 'bucket' THEN coalesce(lp.future, 0) END
      FROM sets s LEFT JOIN lp USING (parent_table)
    UNION ALL SELECT s.parent_table, s.strategy, 'premake', s.premake FROM sets s
    UNION ALL
    SELECT s.parent_table, s.strategy, 'default_bytes', coalesce(pg_total_relation_size(s.def), 0) FROM sets s
    UNION ALL
    SELECT s.parent_table, s.strategy, 'total_bytes', sum(pg_total_relation_size(p.part))
      FROM sets s JOIN parts p USING (parent_table) GROUP BY 1, 2
)
SELECT format('partman_ext_set_%s{parent_table="%s",strategy="%s"} %s', metric, parent_table, strategy,
              coalesce(v::text, 'NaN'))
  FROM m
UNION ALL
-- Rows in the default partition and in the set: exact counts (the tables were just analyzed, so the
-- catalog estimates equal them).
SELECT format('partman_ext_set_default_rows{parent_table="public.events",strategy="time"} %s',
              (SELECT count(*) FROM public.events_default))
UNION ALL
SELECT 'partman_ext_set_default_rows{parent_table="public.ids",strategy="integer"} NaN'
UNION ALL
SELECT 'partman_ext_set_default_rows{parent_table="public.chunks",strategy="bucket"} NaN'
UNION ALL
SELECT format('partman_ext_set_total_rows{parent_table="%s",strategy="%s"} %s', t, s, n)
  FROM (VALUES ('public.events', 'time', (SELECT count(*) FROM public.events)),
               ('public.ids', 'integer', (SELECT count(*) FROM public.ids)),
               ('public.chunks', 'bucket', (SELECT count(*) FROM public.chunks))) x(t, s, n)
UNION ALL
SELECT format('partman_ext_skew_max{parent_table="public.chunks"} %s',
              (SELECT max(abs(skew_factor)) FROM partman_ext.analyze_partition_skew('public.chunks')))
UNION ALL
SELECT format('partman_ext_alerts_open{parent_table="%s",severity="%s"} %s', s.t, v.sev,
              (SELECT count(*) FROM partman_ext.check_partition_health(NULL) a
                WHERE a.parent_table IS NOT DISTINCT FROM nullif(s.t, '')::regclass AND a.severity = v.sev))
  FROM (VALUES (''), ('public.events'), ('public.ids'), ('public.chunks')) s(t),
       (VALUES ('critical'), ('warning'), ('info')) v(sev)
UNION ALL
SELECT 'partman_ext_maintenance_last_ok{parent_table="public.events"} 1'
UNION ALL SELECT 'partman_ext_maintenance_last_age_seconds{parent_table="public.events"} 7200'
UNION ALL SELECT 'partman_ext_maintenance_failures_24h{parent_table="public.events"} 1'
UNION ALL
SELECT format('partman_ext_maintenance_%s{parent_table="public.ids"} %s', x.metric, x.v)
  FROM (VALUES ('last_ok', '1'), ('last_age_seconds', '14400'), ('failures_24h', '0')) x(metric, v)
UNION ALL
SELECT format('partman_ext_job_%s{job_id="%s",kind="maintenance",parent_table="public.ids"} %s', x.metric, j.job_id, x.v)
  FROM partman_ext.job j,
       (VALUES ('enabled', '1'), ('consecutive_failures', '2'), ('failed_runs', '2'), ('last_run_ok', '0'),
               ('last_run_age_seconds', '3600')) x(metric, v)
 WHERE j.parent_table = 'public.ids'::regclass
UNION ALL
SELECT format('partman_ext_job_consecutive_failures{job_id="%s",kind="%s",parent_table=""} 0', j.job_id, j.kind)
  FROM partman_ext.job j WHERE j.builtin;
SQL

# Compare: every expected line must be scraped with that value (labels in any order, the
# exporter's own labels such as server= ignored); every partman_ext series scraped must be expected
# or belong to a metric family checked above.
/usr/bin/python3 - "$work/metrics" "$work/expected" "$root/contrib/grafana/partman_ext.json" <<'PY'
import json, math, re, sys
line_re = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$')
def parse(path, skip_comments=True):
    out = {}
    for line in open(path):
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        m = line_re.match(line)
        if not m:
            sys.exit(f"not ok - cannot parse metric line: {line}")
        name, labels, value = m.groups()
        lab = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', labels or ''))
        lab.pop('server', None)
        out[(name, tuple(sorted(lab.items())))] = float(value)
    return out
scraped = {k: v for k, v in parse(sys.argv[1]).items() if k[0].startswith('partman_ext_')}
expected = parse(sys.argv[2])
bad = 0
for key, want in sorted(expected.items()):
    got = scraped.get(key)
    same = got is not None and ((math.isnan(want) and math.isnan(got)) or
                                (not math.isnan(want) and not math.isnan(got) and abs(got - want) <= 1e-6 * max(1, abs(want))))
    if not same:
        bad += 1
        print(f"not ok - {key[0]}{dict(key[1])}: expected {want}, scraped {got}")
families = {k[0] for k in expected}
for key in scraped:
    if key[0] not in families:
        continue
    if key not in expected and not key[0].startswith(('partman_ext_job_', 'partman_ext_alerts_open')):
        bad += 1
        print(f"not ok - unexpected series {key[0]}{dict(key[1])} = {scraped[key]}")
names = {k[0] for k in scraped}
for metric in ('partman_ext_set_status_level', 'partman_ext_skew_cv', 'partman_ext_skew_max_mean_ratio',
               'partman_ext_maintenance_last_age_seconds', 'partman_ext_job_last_run_age_seconds'):
    if metric not in names:
        bad += 1
        print(f"not ok - {metric} missing")
dash = json.load(open(sys.argv[3]))
exprs = [t['expr'] for p in dash['panels'] for t in p.get('targets', [])]
wanted = set(re.findall(r'partman_ext_[a-z0-9_]+', ' '.join(exprs)))
for metric in sorted(wanted - names):
    bad += 1
    print(f"not ok - the Grafana dashboard asks for {metric}, which is not exported")
if bad:
    sys.exit(1)
print(f"ok - {len(expected)} expected series match the scrape ({len(scraped)} partman_ext series); "
      f"the dashboard's {len(wanted)} metrics are all exported")
PY
