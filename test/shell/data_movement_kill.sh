#!/usr/bin/env bash
# Issue 10 item 2: kill -9 of the backend relocating default-partition rows in batches loses no row
# and duplicates none, between batches and inside a batch; CALLing the procedure again resumes and
# empties the default partition. kill -9 (SIGKILL, not pg_terminate_backend) makes the postmaster
# restart every backend; the test waits until the server accepts connections again.
set -euo pipefail
cd "$(dirname "$0")"
source ./worker_lib.bash
db=partman_kill
fresh_db "$db"
psql -X -q -d postgres -c "ALTER DATABASE $db SET partman_ext.pause_scheduler = on" \
  -c "ALTER DATABASE $db SET partman_ext.mock_now = '2026-06-15 12:00:00+00'"
"${P[@]}" >/dev/null <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION partman_ext;
CREATE TABLE rel (id bigint NOT NULL, ts timestamptz NOT NULL, pad text) PARTITION BY RANGE (ts);
SELECT 1 FROM partman_ext.register_partition_set('rel', 'ts', '1 month', premake => 1);
-- 6000 rows of January, February and March 2026 wait in the default partition.
INSERT INTO rel SELECT g, '2026-01-01 00:00+00'::timestamptz + g * interval '20 minutes', repeat('p', 100)
  FROM generate_series(1, 6000) g;
-- A slow batch on demand: every row deleted from the default partition sleeps knob.secs.
CREATE TABLE knob (secs float8 NOT NULL);
INSERT INTO knob VALUES (0);
CREATE FUNCTION slow_row() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
BEGIN PERFORM pg_sleep((SELECT secs FROM knob)); RETURN OLD; END $$;
CREATE TRIGGER slow BEFORE DELETE ON rel_default FOR EACH ROW EXECUTE FUNCTION slow_row();
-- Every id wherever it is: the set (attached partitions and the default) and the tables being
-- filled (not yet attached), so that a row is counted in every table that holds it.
CREATE FUNCTION all_ids() RETURNS TABLE (id bigint, place text) LANGUAGE plpgsql AS $$
DECLARE t regclass;
BEGIN
    RETURN QUERY SELECT r.id, r.tableoid::regclass::text FROM rel r;
    FOR t IN SELECT c.oid FROM pg_class c WHERE c.relname LIKE 'rel\_p%' AND c.relkind = 'r' AND NOT c.relispartition LOOP
        RETURN QUERY EXECUTE format('SELECT id, %L::text FROM %s', t::text, t);
    END LOOP;
END $$;
CREATE FUNCTION rows_in(t regclass) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint; BEGIN EXECUTE format('SELECT count(*) FROM %s', t) INTO n; RETURN n; END $$;
SQL
total=6000

# recount WHAT: every row once, none lost, none doubled, none in two tables.
recount() {
  local got kept
  # What the movement recorded as done is what the table being filled holds: a killed batch left nothing behind.
  kept=$("${P[@]}" -c "SELECT coalesce(string_agg(m.rows_done || '=' || rows_in(m.target_table::regclass), ' '), 'none')
                         FROM partman_ext.data_movement m WHERE m.kind = 'relocate'")
  case "$kept" in none) ;; *) [ "${kept%%=*}" = "${kept#*=}" ] || fail "$1: rows_done of the movement = rows in its table (got $kept)" ;; esac
  got=$("${P[@]}" -c "SELECT count(*) || ' rows, ' || count(DISTINCT id) || ' ids, ' || min(id) || '..' || max(id) FROM all_ids()")
  [ "$got" = "$total rows, $total ids, 1..$total" ] || fail "$1: every row exactly once (got: $got)"
  ok "$1: $got, each in exactly one table (movement rows_done=rows in its table: $kept)"
}

# wait_server: after a kill -9 the postmaster restarts every backend; wait until it accepts connections.
wait_server() {
  sleep 1
  for _ in $(seq 1 60); do
    "${PSQL[@]}" -d "$db" -c "SELECT 1" >/dev/null 2>&1 && return 0
    sleep 1
  done
  fail "the server accepts connections again after kill -9"
}

# backend_pid QUERY_PATTERN WAIT_EVENT: the pid of the session of this test running QUERY_PATTERN,
# waiting on WAIT_EVENT (polled for up to 30 s).
backend_pid() {
  local pid="" until=$((SECONDS + 30))
  while [ $SECONDS -lt $until ]; do
    pid=$("${PSQL[@]}" -d postgres -c "SELECT pid FROM pg_stat_activity WHERE datname = '$db' AND query LIKE '$1'
                                         AND wait_event = '$2' AND pid <> pg_backend_pid() LIMIT 1")
    [ -n "$pid" ] && { echo "$pid"; return 0; }
    sleep 0.1
  done
  return 1
}

recount "before"

# 1. Between batches: a session runs three steps (each its own transaction: the range starts, then
# two batches of 500 rows commit) and goes on with another statement; kill -9 it there.
("${PSQL[@]}" -d "$db" -c "SELECT partman_ext._relocate_step('rel', 500, true)" \
   -c "SELECT partman_ext._relocate_step('rel', 500, true)" -c "SELECT partman_ext._relocate_step('rel', 500, true)" \
   -c "SELECT pg_sleep(60) /* between batches */" >/dev/null 2>&1 &)
pid=$(backend_pid '%between batches%' PgSleep) || fail "the session got between two batches"
moved=$("${P[@]}" -c "SELECT rows_done FROM partman_ext.data_movement WHERE kind = 'relocate'")
[ "${moved:-0}" -gt 0 ] || fail "batches committed before the kill (rows_done: $moved)"
kill -9 "$pid"
wait_server
recount "kill -9 between batches ($moved rows moved before)"
"${P[@]}" -c "SELECT count(*) FROM partman_ext.progress WHERE state = 'waiting'" | grep -qx 1 ||
  fail "the interrupted relocation shows in progress as waiting"
ok "the interrupted relocation shows in partman_ext.progress as waiting"

# 2. Inside a batch: each row of a batch sleeps 5 ms (500 rows: 2.5 s a batch); once the procedure
# has committed a batch of its own, kill -9 it in the middle of the next one.
"${P[@]}" -c "UPDATE knob SET secs = 0.005" >/dev/null
("${PSQL[@]}" -d "$db" -c "CALL partman_ext.empty_default_partition_proc('rel', batch_size => 500)" >/dev/null 2>&1 &)
until=$((SECONDS + 30))
while [ $SECONDS -lt $until ]; do
  now_done=$("${P[@]}" -c "SELECT rows_done FROM partman_ext.data_movement WHERE kind = 'relocate'")
  [ -n "$now_done" ] && [ "$now_done" != "$moved" ] && break
  sleep 0.1
done
pid=$(backend_pid 'CALL partman_ext.empty_default_partition_proc%' PgSleep) || fail "the procedure is inside a batch"
in_batch=$("${PSQL[@]}" -d postgres -c "SELECT backend_xid IS NOT NULL FROM pg_stat_activity WHERE pid = $pid")
[ "$in_batch" = t ] || fail "the procedure's batch has written (an open transaction with an xid)"
kill -9 "$pid"
wait_server
recount "kill -9 inside a batch"

# 3. CALL again: it resumes the movement in progress and empties the default partition.
"${P[@]}" -c "UPDATE knob SET secs = 0" >/dev/null
"${P[@]}" -c "SET client_min_messages = warning" -c "CALL partman_ext.empty_default_partition_proc('rel', batch_size => 500)"
recount "after the rerun"
got=$("${P[@]}" -c "SELECT (SELECT count(*) FROM ONLY rel_default) || ' in default, ' ||
                           (SELECT count(*) FROM partman_ext.data_movement) || ' movements, ' ||
                           (SELECT count(*) FROM rel WHERE tableoid = 'rel_default'::regclass) || ' through the parent'")
[ "$got" = "0 in default, 0 movements, 0 through the parent" ] || fail "the rerun finishes (got: $got)"
got=$("${P[@]}" -c "SELECT string_agg(tableoid::regclass || '=' || n, ' ' ORDER BY tableoid::regclass::text)
                      FROM (SELECT tableoid, count(*) n FROM rel GROUP BY 1) s")
[ "$got" = "rel_p2026_01=2231 rel_p2026_02=2016 rel_p2026_03=1753" ] || fail "rows in their month's partition (got: $got)"
ok "the rerun resumed and emptied the default partition: $got"
dropdb --force "$db"
