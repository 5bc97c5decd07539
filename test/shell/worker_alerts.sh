#!/usr/bin/env bash
# Alerts: the health job raises an alert once (WARNING, row in partman_ext.alerts, NOTIFY
# partman_ext_alerts with a JSON payload a LISTENing session receives), not again while it lasts,
# and sends "cleared" once when it is gone.
set -euo pipefail
cd "$(dirname "$0")"
source ./worker_lib.bash
db=partman_worker
fresh_db "$db"
"${P[@]}" <<'SQL'
CREATE EXTENSION partman_ext;
CREATE TABLE ev (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);
SELECT 1 FROM partman_ext.register_partition_set('ev', 'at', '1 day', premake => 2);
SQL
wait_for "$db" "SELECT count(*) >= 3 FROM pg_inherits WHERE inhparent = 'ev'::regclass" t || fail "first maintenance"
wait_for "$db" "SELECT count(*) FROM partman_ext.alerts WHERE state = 'raised'" 0 || fail "no open alert on a healthy set"
# No maintenance from now on: the problem must stay until we fix it.
"${P[@]}" -c "SELECT 1 FROM partman_ext.pause_job(1)" >/dev/null

listen_out=$(mktemp)
# A listening session: LISTEN, then one cheap statement a second so psql prints what arrived.
( { echo "LISTEN partman_ext_alerts;"; for _ in $(seq 1 40); do echo "SELECT 1;"; sleep 1; done; } |
    psql -X -q -At -d "$db" >"$listen_out" 2>&1 & )
sleep 2
# The problem: drop the set's newest partition -> fewer future partitions than premake.
drop_newest "$db" ev >/dev/null
before=$(last_run_id "$db")
"${P[@]}" -c "SELECT 1 FROM partman_ext.run_job(2)" >/dev/null
wait_run_after "$db" 2 "$before" || fail "health job ran"
code=$("${P[@]}" -c "SELECT code FROM partman_ext.alerts WHERE state = 'raised' AND parent_table = 'public.ev'")
[ -n "$code" ] || fail "an alert is raised for public.ev"
ok "health job raised $code for public.ev"
for _ in $(seq 1 15); do grep -q '"state" : "raised"' "$listen_out" && break; sleep 1; done
grep -q '"state" : "raised"' "$listen_out" || { cat "$listen_out"; fail "LISTENing session received the raised alert"; }
payload=$(grep -m1 -o 'with payload ".*" received' "$listen_out" | sed 's/^with payload "//; s/" received$//')
echo "# payload: $payload"
for key in '"severity"' '"code"' '"set" : "public.ev"' '"partition"' '"message"' '"state" : "raised"'; do
  case "$payload" in *"$key"*) ;; *) fail "payload has $key" ;; esac
done
echo "SELECT (:'payload'::json ->> 'code') = :'code'" | "${P[@]}" -v payload="$payload" -v code="$code" | grep -qx t || fail "payload is valid JSON with the code"
ok "NOTIFY payload received by a listening session"

# Still present: the next health run sends nothing.
before=$(last_run_id "$db")
"${P[@]}" -c "SELECT 1 FROM partman_ext.run_job(2)" >/dev/null
wait_run_after "$db" 2 "$before" || fail "health job ran again"
"${P[@]}" -c "SELECT items_done FROM partman_ext.job_runs WHERE job_id = 2 AND run_id > $before ORDER BY run_id LIMIT 1" | grep -qx 0 ||
  fail "an alert that persists is not sent again"
"${P[@]}" -c "SELECT count(*) FROM partman_ext.alerts WHERE code = '$code' AND parent_table = 'public.ev'" | grep -qx 1 ||
  fail "one alert row while the problem lasts"
ok "persisting alert not re-sent"

# One health model: the open alerts are exactly check_partition_health()'s warnings and criticals
# (names read without a search_path, as the health job writes them).
diff_sql="SET search_path = pg_catalog;
WITH job AS (SELECT code, parent_relid::oid AS rel, partition_name, message FROM partman_ext.alerts WHERE state = 'raised'),
     chk AS (SELECT code, parent_table::oid AS rel, partition_name::text, message
               FROM partman_ext.check_partition_health(NULL) WHERE severity <> 'info')
SELECT count(*) FROM ((SELECT * FROM job EXCEPT SELECT * FROM chk) UNION ALL (SELECT * FROM chk EXCEPT SELECT * FROM job)) d"
[ "$("${P[@]}" -c "$diff_sql" | tail -1)" = 0 ] || fail "the health job's open alerts are check_partition_health()'s"
ok "open alerts equal check_partition_health()"

# Fixed: maintenance recreates the partition; the alert clears, once.
"${P[@]}" -c "SELECT 1 FROM partman_ext.resume_job(1)" -c "SELECT 1 FROM partman_ext.run_job(1)" >/dev/null
wait_for "$db" "SELECT state FROM partman_ext.alerts WHERE code = '$code' AND parent_table = 'public.ev'" cleared ||
  fail "alert cleared after maintenance fixed the set"
for _ in $(seq 1 15); do grep -q '"state" : "cleared"' "$listen_out" && break; sleep 1; done
grep -q '"state" : "cleared"' "$listen_out" || { cat "$listen_out"; fail "LISTENing session received the cleared alert"; }
n=$(grep -c "\"code\" : \"$code\"" "$listen_out" || true)
[ "$n" = 2 ] || { cat "$listen_out"; fail "exactly two notifications (raised, cleared) for the alert (got $n)"; }
ok "alert cleared and sent once"
"${P[@]}" -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()" >/dev/null
rm -f "$listen_out"
