// The per-database scheduler (started by the launcher). Each tick: if the extension is installed
// and this is not a standby, run every due job of partman_ext.job one after the other (so a job
// never overlaps itself), record each run in partman_ext.job_run, reschedule it (retry with
// exponential backoff after a failure, up to max_retries), and prune old history. All memory of a
// tick lives in one context that is reset afterwards.
//
// Signals: SIGHUP reloads the settings; SIGTERM cancels the running statement, records the run as
// cancelled and exits (code 0; the launcher starts a new scheduler unless the database is being
// dropped or left the list); SIGINT (pg_cancel_backend) cancels the running statement only. A run
// longer than its job's max_runtime is cancelled by a timer.
#include "worker/launcher.hpp"

#include "core/jobtext.hpp"
#include "pg/catalog.hpp"
#include "pg/settings.hpp"
#include "worker/jobs.hpp"
#include "worker/shared.hpp"

extern "C" {
#include "access/xact.h"
#include "access/xlog.h"
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "postmaster/bgworker.h"
#include "postmaster/interrupt.h"
#include "storage/ipc.h"
#include "storage/latch.h"
#include "tcop/tcopprot.h"
#include "utils/memutils.h"
#include "utils/timeout.h"
#include "utils/timestamp.h"
}

#include <algorithm>
#include <climits>
#include <csignal>
#include <cstring>
#include <vector>

namespace pmx::worker {

namespace {

volatile sig_atomic_t got_sigterm = false;
volatile sig_atomic_t runtime_exceeded = false;
TimeoutId runtime_timer;
int my_slot = -1;

// Interrupt whatever statement runs now: the ERROR it raises ends the job, which then sees why.
void interrupt_statement() {
    InterruptPending = true;
    QueryCancelPending = true;
    SetLatch(MyLatch);
}

void on_sigterm(SIGNAL_ARGS) {
    int save_errno = errno;
    got_sigterm = true;
    interrupt_statement();
    errno = save_errno;
}

void on_runtime_exceeded() {
    runtime_exceeded = true;
    interrupt_statement();
}

void leave_slot(int, Datum) {
    if (my_slot >= 0 && read_slot(my_slot).pid == MyProcPid) set_slot_pid(my_slot, 0);
}


std::vector<Job> due_jobs() {
    std::vector<Job> jobs;
    auto e = in_transaction([&] {
        pg::Rows r = pg::query(
            "SELECT job_id, kind, parent_table::oid, coalesce(parent_table::text, ''), "
            "       (extract(epoch FROM max_runtime) * 1000)::bigint, consecutive_failures + 1, "
            "       coalesce(jsonb_typeof(options->'full') = 'boolean' AND (options->'full')::boolean, false), "
            "       coalesce(jsonb_typeof(options->'analyze') = 'boolean' AND (options->'analyze')::boolean, false) "
            "FROM partman_ext.job WHERE enabled AND next_run <= partman_ext.clock() ORDER BY next_run, job_id",
            {}, true);
        for (size_t i = 0; i < r.size(); ++i) {
            Job j;
            j.id = r.int8(i, 0);
            j.kind = r.str(i, 1);
            j.parent = static_cast<Oid>(r.int8(i, 2));
            j.parent_text = r.str(i, 3);
            j.max_runtime_ms = r.int8(i, 4);
            j.attempt = static_cast<int>(r.int8(i, 5));
            j.vacuum_full = r.boolean(i, 6);
            j.vacuum_analyze = r.boolean(i, 7);
            jobs.push_back(std::move(j));
        }
    });
    if (e) ereport(WARNING, (errmsg("partman_ext scheduler could not read partman_ext.job: %s", e->message.c_str())));
    return jobs;
}

RunResult dispatch(const Job& job) {
    if (job.kind == "maintenance") return run_maintenance(job);
    if (job.kind == "analyze") return run_analyze(job);
    if (job.kind == "vacuum") return run_vacuum(job);
    if (job.kind == "health") return run_health(job);
    if (job.kind == "sampling") return run_sampling(job);
    if (job.kind == "statistics") return run_statistics(job);
    RunResult r;
    r.status = "failed";
    r.sqlstate = "22023";
    r.message = "unknown job kind \"" + job.kind + "\"";
    return r;
}

// After a run: next time, retries, one-off jobs (schedule_interval NULL) deleted once they succeed
// and disabled once they have failed max_retries + 1 times.
// requested (set by run_job and by registering a set while the run went on) makes it due again now.
constexpr const char* kRescheduleSql = R"SQL(
    UPDATE partman_ext.job j SET
        consecutive_failures = CASE WHEN $3 THEN 0 ELSE j.consecutive_failures + 1 END,
        next_run = least(
            CASE
                WHEN NOT $3 AND j.consecutive_failures < j.max_retries THEN
                    least(pg_catalog.clock_timestamp() + j.retry_backoff * pg_catalog.power(2, least(j.consecutive_failures, 16)),
                          r.started_at + j.schedule_interval)
                WHEN j.schedule_interval IS NULL THEN j.next_run
                ELSE greatest(r.started_at + j.schedule_interval, pg_catalog.clock_timestamp())
            END,
            CASE WHEN j.requested THEN pg_catalog.clock_timestamp() END),
        enabled = j.enabled AND (j.requested OR NOT (j.schedule_interval IS NULL AND NOT $3 AND j.consecutive_failures >= j.max_retries))
    FROM partman_ext.job_run r
    WHERE j.job_id = $1 AND r.run_id = $2
    RETURNING j.schedule_interval IS NULL AND $3 AND NOT j.requested
)SQL";

void run_job(const Job& job) {
    report_activity("partman_ext: " + job.kind + " job " + std::to_string(job.id) +
           (job.parent_text.empty() ? "" : " on " + job.parent_text));
    int64_t run_id = 0;
    bool claimed = false;
    auto e = in_transaction([&] {
        pg::AsUser owner(pg::extension_owner());
        // Claim the job: clear its run-again request. A job row locked by a transaction that is
        // changing it (registering a set, alter_job) is left for the next tick.
        claimed = pg::query("UPDATE partman_ext.job SET requested = false WHERE job_id = $1 AND enabled AND job_id IN "
                            "(SELECT job_id FROM partman_ext.job WHERE job_id = $1 FOR UPDATE SKIP LOCKED) RETURNING 1",
                            {pg::int8_param(job.id)})
                      .size() > 0;
        if (!claimed) return;
        pg::Rows r = pg::query(
            "INSERT INTO partman_ext.job_run (job_id, kind, parent_table, status, attempt, pid) "
            "VALUES ($1, $2, nullif($3, ''), 'running', $4, pg_catalog.pg_backend_pid()) RETURNING run_id",
            {pg::int8_param(job.id), pg::text_param(job.kind), pg::text_param(job.parent_text),
             pg::int8_param(job.attempt)});
        run_id = r.int8(0, 0);
    });
    if (e) {
        ereport(WARNING, (errmsg("partman_ext scheduler could not record a run of job %lld: %s",
                                 static_cast<long long>(job.id), e->message.c_str())));
        return;
    }
    if (!claimed) {
        report_activity("");
        return;
    }
    runtime_exceeded = false;
    if (job.max_runtime_ms > 0) enable_timeout_after(runtime_timer, static_cast<int>(std::min<int64_t>(job.max_runtime_ms, INT_MAX)));
    RunResult res;
    try {
        res = dispatch(job);
    } catch (const std::exception& ex) {
        res.status = "failed";
        res.sqlstate = "XX000";
        res.message = std::string("partman_ext internal error: ") + ex.what();
    }
    disable_timeout(runtime_timer, false);
    bool stopped = got_sigterm, timed_out = runtime_exceeded;
    if (stopped || timed_out) {
        QueryCancelPending = false;  // our own interrupt, if no statement consumed it
        res.status = "cancelled";
        res.sqlstate = "57014";
        res.message = (timed_out ? std::string("exceeded max_runtime; stopped after: ")
                                 : std::string("the scheduler was stopped (SIGTERM) during the run; done so far: ")) +
                      res.message;
    }
    bool ok = res.status == "succeeded" || (res.status == "skipped" && res.sqlstate.empty());
    e = in_transaction([&] {
        pg::AsUser owner(pg::extension_owner());
        pg::exec(
            "UPDATE partman_ext.job_run SET finished_at = pg_catalog.clock_timestamp(), status = $2, "
            "sqlstate = nullif($3, ''), message = $4, items_done = $5, details = $6::jsonb WHERE run_id = $1",
            {pg::int8_param(run_id), pg::text_param(res.status), pg::text_param(res.sqlstate),
             pg::text_param(core::abbreviate(res.message, 4000)), pg::int8_param(res.items),
             pg::text_param(res.details)});
    });
    if (e)
        ereport(WARNING, (errmsg("partman_ext scheduler could not record the end of run %lld: %s",
                                 static_cast<long long>(run_id), e->message.c_str())));
    // A run cut short by SIGTERM stays due: the next scheduler runs it again.
    if (stopped) return;
    // Separately, under lock_timeout: a session changing the job row (registering a set in an open
    // transaction) must not hold up the scheduler. If this fails the job simply stays due.
    e = in_transaction([&] {
        pg::AsUser owner(pg::extension_owner());
        pg::GucScope guc;
        guc.set("lock_timeout", std::to_string(pmx::default_lock_timeout_ms));
        pg::Rows one_off_done =
            pg::query(kRescheduleSql, {pg::int8_param(job.id), pg::int8_param(run_id), pg::bool_param(ok)});
        if (one_off_done.size() && one_off_done.boolean(0, 0))
            pg::exec("DELETE FROM partman_ext.job WHERE job_id = $1", {pg::int8_param(job.id)});
        // Alerts follow what maintenance changed without waiting hours for the health job's turn.
        if (job.kind == "maintenance")
            pg::exec("UPDATE partman_ext.job SET next_run = pg_catalog.now() "
                     "WHERE kind = 'health' AND enabled AND next_run > pg_catalog.now()");
    });
    if (e)
        ereport(LOG, (errmsg("partman_ext scheduler could not reschedule job %lld (it stays due): %s",
                             static_cast<long long>(job.id), e->message.c_str())));
    report_activity("");
}

// Marks runs left 'running' by a scheduler that died (crash, kill -9) as cancelled.
void close_orphans() {
    auto e = in_transaction([&] {
        pg::AsUser owner(pg::extension_owner());
        pg::exec(
            "UPDATE partman_ext.job_run SET status = 'cancelled', finished_at = pg_catalog.clock_timestamp(), "
            "sqlstate = '57P01', message = 'the scheduler process ended before the run finished' "
            "WHERE status = 'running' AND pid IS DISTINCT FROM pg_catalog.pg_backend_pid()");
    });
    if (e) ereport(WARNING, (errmsg("partman_ext scheduler: %s", e->message.c_str())));
}

void prune_history() {
    auto e = in_transaction([&] {
        pg::AsUser owner(pg::extension_owner());
        pg::exec("DELETE FROM partman_ext.job_run WHERE started_at < pg_catalog.now() - make_interval(days => $1::int) "
                 "AND status <> 'running'",
                 {pg::int8_param(pmx::worker_history_days)});
        pg::exec("DELETE FROM partman_ext.alert_state "
                 "WHERE cleared_at < pg_catalog.now() - make_interval(days => $1::int)",
                 {pg::int8_param(pmx::worker_history_days)});
    });
    if (e) ereport(WARNING, (errmsg("partman_ext scheduler could not prune history: %s", e->message.c_str())));
}

bool extension_installed() {
    bool installed = false;
    auto e = in_transaction([&] {
        pg::Rows r = pg::query(
            "SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'partman_ext' "
            "AND pg_catalog.to_regclass('partman_ext.job') IS NOT NULL",
            {}, true);
        installed = r.size() > 0;
    });
    return !e && installed;
}

// One tick. Returns how long to sleep (ms) before the next one.
long tick(bool& was_installed, TimestampTz& last_prune) {
    if (!pmx::worker_enabled || RecoveryInProgress()) return 1000L * pmx::worker_naptime_s;
    bool installed = extension_installed();
    if (!installed) {
        if (was_installed) ereport(LOG, (errmsg("partman_ext scheduler: extension not installed here; idling")));
        was_installed = false;
        return 1000L * pmx::worker_naptime_s;
    }
    if (!was_installed) close_orphans();
    was_installed = true;
    for (const Job& job : due_jobs()) {
        if (got_sigterm) break;
        run_job(job);
    }
    TimestampTz now = GetCurrentTimestamp();
    if (!TimestampDifferenceExceeds(last_prune, now, 60 * 1000)) return 1000L * pmx::worker_naptime_s;
    prune_history();
    last_prune = now;
    return 1000L * pmx::worker_naptime_s;
}

}  // namespace

bool stop_requested() { return got_sigterm || runtime_exceeded; }

void report_activity(const std::string& what) {
    pgstat_report_activity(what.empty() ? STATE_IDLE : STATE_RUNNING, what.empty() ? nullptr : what.c_str());
}

}  // namespace pmx::worker

using namespace pmx::worker;

extern "C" void partman_ext_scheduler_main(Datum arg) {
    pqsignal(SIGHUP, SignalHandlerForConfigReload);
    pqsignal(SIGTERM, on_sigterm);
    BackgroundWorkerUnblockSignals();
    SchedulerArgs args;
    std::memcpy(&args, MyBgworkerEntry->bgw_extra, sizeof args);
    my_slot = DatumGetInt32(arg);
    if (!shared_available() || my_slot < 0 || my_slot >= kMaxSchedulers || read_slot(my_slot).dboid != args.dboid)
        proc_exit(0);
    {
        // Only one scheduler per database: a second one (e.g. after a launcher restart) leaves.
        Slot s = read_slot(my_slot);
        if (s.pid != 0 && s.pid != MyProcPid) proc_exit(0);
        set_slot_pid(my_slot, MyProcPid);
        before_shmem_exit(leave_slot, 0);
    }
    BackgroundWorkerInitializeConnectionByOid(args.dboid, args.roleoid, 0);
    // Like autovacuum: the scheduler's own SQL (and VACUUM/ANALYZE it runs) never resolves names
    // through a search_path that a database or schema owner could plant objects in.
    SetConfigOption("search_path", "pg_catalog, pg_temp", PGC_SUSET, PGC_S_OVERRIDE);
    pgstat_report_appname("partman_ext scheduler");
    runtime_timer = RegisterTimeout(USER_TIMEOUT, on_runtime_exceeded);
    MemoryContext tick_ctx = AllocSetContextCreate(TopMemoryContext, "partman_ext scheduler tick", ALLOCSET_DEFAULT_SIZES);
    bool was_installed = false;
    TimestampTz last_prune = 0;
    ereport(LOG, (errmsg("partman_ext scheduler started")));
    for (;;) {
        if (got_sigterm) break;
        if (ConfigReloadPending) {
            ConfigReloadPending = false;
            ProcessConfigFile(PGC_SIGHUP);
        }
        long sleep_ms = 1000L * pmx::worker_naptime_s;
        MemoryContextSwitchTo(tick_ctx);
        // Outcomes are copied out of the catch blocks; PostgreSQL is called only after them.
        enum { ok, failed, unknown } outcome = ok;
        char message[512] = "";
        try {
            sleep_ms = tick(was_installed, last_prune);
        } catch (const std::exception& e) {
            outcome = failed;
            snprintf(message, sizeof message, "%s", e.what());
        } catch (...) {
            outcome = unknown;
        }
        if (outcome == unknown) {
            ereport(WARNING, (errmsg("partman_ext scheduler: unknown C++ exception; restarting")));
            proc_exit(1);  // the launcher starts a new scheduler
        }
        if (outcome == failed) {
            // Bookkeeping failed outside a job (e.g. the extension was dropped mid-tick): log and go on.
            ereport(WARNING, (errmsg("partman_ext scheduler: %s", message)));
            try {
                if (IsTransactionState()) abort_transaction();
            } catch (...) {
                proc_exit(1);
            }
        }
        MemoryContextSwitchTo(TopMemoryContext);
        MemoryContextReset(tick_ctx);
        pgstat_report_stat(true);
        if (got_sigterm) break;
        (void)WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, sleep_ms, PG_WAIT_EXTENSION);
        ResetLatch(MyLatch);
        // Serve sinval catch-up and procsignal barriers (DROP/CREATE DATABASE wait for those) while
        // idle; a cancel request that arrives between jobs has nothing to cancel.
        if (!got_sigterm) QueryCancelPending = false;
        try {
            pg::call([] { CHECK_FOR_INTERRUPTS(); });
        } catch (const pg::PgError&) {
        }
    }
    QueryCancelPending = false;
    ereport(LOG, (errmsg("partman_ext scheduler stopping (SIGTERM)")));
    proc_exit(0);
}
