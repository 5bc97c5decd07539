#!/usr/bin/env bash
# The managed-service path (docs/pg_cron.md): a server WITHOUT partman_ext in
# shared_preload_libraries (so no scheduler) but with pg_cron (Debian's postgresql-15-cron).
# Everything but the scheduler works there, and pg_cron drives maintenance: a job scheduled with
# cron.schedule() creates the set's partitions and logs them in partman_ext.maintenance_log.
#
# Starts its own small cluster with pg_ctl (pg_cron needs shared_preload_libraries, which the
# suite's cluster cannot change), loading partman_ext from ./.stage like scripts/test.sh.
# pg_cron 1.4 starts timed jobs at whole minutes only; rather than wait for one, the test gives the
# same command a second, '@reboot' job and restarts the server, so pg_cron's job runner executes
# it at once, exactly as it executes the timed job.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
export PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
bin=$($PG_CONFIG --bindir)
libdir=$($PG_CONFIG --pkglibdir)
[ -f "$root/.stage$libdir/partman_ext.so" ] || { echo "not ok - no staged build in .stage (run scripts/test.sh)"; exit 1; }
[ -f "$libdir/pg_cron.so" ] || { echo "not ok - pg_cron is not installed (scripts/install-deps.sh)"; exit 1; }

fail() { echo "not ok - $*"; [ -f "$work/server.log" ] && tail -20 "$work/server.log"; exit 1; }
ok() { echo "ok - $*"; }
as_server() { if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else bash -c "$*"; fi; }

work=$(mktemp -d /tmp/partman-cron.XXXXXX)
chmod 755 "$work"
started=""
cleanup() {
  [ -n "$started" ] && as_server "$bin/pg_ctl -D '$work/data' -m immediate -w stop" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/data" "$work/sock"
[ "$(id -u)" = 0 ] && chown -R postgres "$work"
as_server "$bin/initdb -D '$work/data' -A trust -U postgres" >/dev/null
port=""
while [ -z "$port" ] || ss -ltn 2>/dev/null | grep -q ":$port "; do port=$((20000 + RANDOM % 20000)); done
cat >>"$work/data/postgresql.conf" <<CONF
port = $port
unix_socket_directories = '$work/sock'
listen_addresses = ''
fsync = off
timezone = 'UTC'
lc_messages = 'C'
extension_destdir = '$root/.stage'
dynamic_library_path = '$root/.stage$libdir:$libdir'
shared_preload_libraries = 'pg_cron'
cron.database_name = 'postgres'
cron.host = '$work/sock'
CONF

start() { as_server "$bin/pg_ctl -D '$work/data' -l '$work/server.log' -w start" >/dev/null; started=1; }
start
export PGHOST=$work/sock PGPORT=$port PGUSER=postgres
unset PGPASSWORD PGDATABASE PGSERVICEFILE
P=(psql -X -At -v ON_ERROR_STOP=1 -q -d postgres)
q() { "${P[@]}" -c "$1"; }

# Everything but the scheduler works without shared_preload_libraries.
"${P[@]}" >/dev/null <<'SQL'
CREATE EXTENSION pg_cron;
CREATE EXTENSION partman_ext;
ALTER DATABASE postgres SET partman_ext.mock_now = '2026-06-15 12:00:00+00';
SQL
[ "$("${P[@]}" -c 'SHOW shared_preload_libraries')" = pg_cron ] || fail "partman_ext must not be preloaded here"
"${P[@]}" >/dev/null <<'SQL'
CREATE TABLE public.events (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at);
SELECT count(*) FROM partman_ext.register_partition_set('public.events', 'created_at', '1 month', premake => 3);
-- Leave maintenance something to do, whether or not registration created partitions.
SELECT format('DROP TABLE %s', c.oid::regclass) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
 WHERE i.inhparent = 'public.events'::regclass AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT' \gexec
INSERT INTO public.events VALUES (1, '2026-06-10'), (2, '2026-07-20');
SQL
[ "$(q "SELECT count(*) FROM partman_ext.run_partition_maintenance('public.events', true) WHERE action LIKE 'would create%'")" = 4 ] ||
  fail "a dry run plans 4 partitions (June .. September 2026)"
[ "$(q "SELECT count(*) FROM partman_ext.check_partition_health('public.events') WHERE code = 'NO_PARTITIONS'")" = 1 ] ||
  fail "check_partition_health() reports that the set has no partitions"
[ "$(q "SELECT count(*) FROM partman_ext.partition_health_summary WHERE status = 'NO_PARTITIONS'")" = 1 ] ||
  fail "partition_health_summary works"
[ "$(q "SELECT partman_ext._wake_scheduler()")" = f ] || fail "no scheduler runs without shared_preload_libraries"
ok "without shared_preload_libraries: registration, dry run, health check work; no scheduler runs"

# pg_cron drives maintenance: the documented hourly job, and the same command at server start.
logged_before=$(q "SELECT coalesce(max(log_id), 0) FROM partman_ext.maintenance_log")
cmd='CALL partman_ext.run_partition_maintenance_proc()'
q "SELECT cron.schedule('partman_ext maintenance', '0 * * * *', '$cmd')" >/dev/null
job=$(q "SELECT cron.schedule('partman_ext maintenance at start', '@reboot', '$cmd')")
[ "$(q "SELECT count(*) FROM cron.job WHERE command = '$cmd'")" = 2 ] || fail "two pg_cron jobs call $cmd"
as_server "$bin/pg_ctl -D '$work/data' -m fast -w stop" >/dev/null
start
waited=0
until [ "$(q "SELECT count(*) FROM cron.job_run_details WHERE jobid = $job AND status IN ('succeeded', 'failed')")" != 0 ]; do
  [ $waited -ge 60 ] && fail "pg_cron did not run job $job within 60 s of the restart"
  sleep 1; waited=$((waited + 1))
done
status=$(q "SELECT status || ' ' || coalesce(return_message, '') FROM cron.job_run_details WHERE jobid = $job ORDER BY runid LIMIT 1")
[ "${status%% *}" = succeeded ] || fail "pg_cron's run of the maintenance job: $status"
ok "pg_cron ran job $job ($cmd) after the restart: $status"
[ "$(q 'SHOW shared_preload_libraries')" = pg_cron ] || fail "partman_ext must not be preloaded here"

got=$("${P[@]}" <<SQL
SELECT string_agg(format('%s..%s', lower_bound::timestamptz AT TIME ZONE 'UTC', upper_bound::timestamptz AT TIME ZONE 'UTC'), ' ' ORDER BY lower_bound::timestamptz)
  FROM partman_ext.list_partitions('public.events') WHERE NOT is_default;
SELECT string_agg(DISTINCT operation, ',') || ' ' || count(*) || ' ' || sum(rows_moved) FROM partman_ext.maintenance_log
 WHERE parent_table = 'public.events' AND success AND operation <> 'create_default' AND log_id > $logged_before;
SELECT count(*) FROM public.events_default;
SELECT count(*) FROM partman_ext.run_partition_maintenance(NULL, true);
SQL
)
want="2026-06-01 00:00:00..2026-07-01 00:00:00 2026-07-01 00:00:00..2026-08-01 00:00:00 2026-08-01 00:00:00..2026-09-01 00:00:00 2026-09-01 00:00:00..2026-10-01 00:00:00
create_partition 4 2
0
0"
[ "$got" = "$want" ] || fail "after pg_cron's run, expected partitions June..September 2026, 4 actions logged, an empty default and nothing left to do; got:
$got"
ok "pg_cron's run created June..September 2026, moved both rows out of the default partition and logged 4 actions"
