# Helpers for the scheduler's cluster-level tests, sourced by test/shell/worker_*.sh. The cluster has
# no partman_ext.databases allow-list (every database with the extension gets a scheduler) and
# partman_ext.naptime=1 (scripts/test.sh).
PSQL=(psql -X -At -v ON_ERROR_STOP=1 -q)

fail() { echo "not ok - $*"; exit 1; }
ok() { echo "ok - $*"; }

# wait_for DB SQL EXPECTED [SECONDS]: polls until SQL returns EXPECTED (a liveness wait, not a speed check).
wait_for() {
  local db=$1 sql=$2 want=$3 secs=${4:-90} got=""
  for _ in $(seq 1 "$secs"); do
    got=$("${PSQL[@]}" -d "$db" -c "$sql" 2>/dev/null || true)
    [ "$got" = "$want" ] && return 0
    sleep 1
  done
  echo "# waited ${secs}s for [$sql] = [$want], last [$got]"
  return 1
}

scheduler_pid() {
  "${PSQL[@]}" -d postgres -c "SELECT pid FROM pg_stat_activity WHERE backend_type = 'partman_ext scheduler' AND datname = '$1'"
}

# Waits until a job run of job $2 started after run $3 has finished; prints its status.
wait_run_after() {
  local db=$1 job=$2 after=$3
  wait_for "$db" "SELECT count(*) > 0 FROM partman_ext.job_runs WHERE job_id = $job AND run_id > $after AND status <> 'running'" t ||
    return 1
}

last_run_id() {
  "${PSQL[@]}" -d "$1" -c "SELECT coalesce(max(run_id), 0) FROM partman_ext.job_runs"
}

# drop_newest DB PARENT [N]: drops the N newest non-default partitions of PARENT (so that
# maintenance has something to create).
drop_newest() {
  "${PSQL[@]}" -d "$1" <<SQL
SELECT format('DROP TABLE %s', c.oid::regclass)
FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
WHERE i.inhparent = '$2'::regclass AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'
ORDER BY c.relname DESC LIMIT ${3:-1} \gexec
SQL
}

# fresh_db DB: drops (forcing other sessions out) and creates DB; sets P to psql on it.
fresh_db() {
  dropdb --if-exists --force "$1" >/dev/null 2>&1 || true
  createdb "$1"
  P=("${PSQL[@]}" -d "$1")
}

# start_blocked_run DB JOB: runs the job now and waits until its run is recorded 'running'
# (blocked on a lock the test holds). Prints the run_id before it.
start_blocked_run() {
  local before
  before=$(last_run_id "$1")
  "${PSQL[@]}" -d "$1" -c "SELECT 1 FROM partman_ext.run_job($2)" >/dev/null
  wait_for "$1" "SELECT count(*) FROM partman_ext.job_runs WHERE run_id > $before AND job_id = $2 AND status = 'running'" 1 >&2 ||
    fail "job $2 is running, waiting on the lock" >&2
  echo "$before"
}
