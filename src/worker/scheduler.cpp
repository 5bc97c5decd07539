// The per-database scheduler (started by the launcher). Each tick: if the extension is installed
// (else it leaves, see tick()) and this is not a standby, run every due job of partman_ext.job one
// after the other (so a job never overlaps itself), record each run in partman_ext.job_run,
// reschedule it from its schedule (cron or interval in its time zone, read on the product clock
// partman_ext.clock()), retry a failed run with exponential backoff up to max_retries, and prune
// old history. All memory of a tick lives in one context that is reset afterwards.
//
// Signals: SIGHUP reloads the settings; SIGTERM cancels the running statement, records the run as
// cancelled and exits (code 0; the launcher starts a new scheduler unless the database is being
// dropped or is no longer served); SIGINT (pg_cancel_backend) cancels the running statement only.
// A run longer than its job's max_runtime is cancelled by a timer.
#include "worker/launcher.hpp"

#include "core/jobtext.hpp"
#include "pg/catalog.hpp"
#include "pg/settings.hpp"
#include "worker/jobs.hpp"
#include "worker/presence.hpp"
#include "worker/runtime.hpp"
#include "engine/job_schedule.hpp"
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
#include "storage/proc.h"
#include "tcop/tcopprot.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/timeout.h"
#include "utils/timestamp.h"
}

#include <algorithm>
#include <climits>
#include <csignal>
#include <cstring>
#include <map>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace worker {

namespace {

constexpr int kHoldMs = 60 * 1000;  // a job that could not be rescheduled waits this long

TimeoutId runtime_timer;
int my_slot = -1;

void leave_slot(int, Datum) {
    if (my_slot >= 0 && read_slot(my_slot).pid == MyProcPid) set_slot_pid(my_slot, 0);
}


std::map<int64_t, TimestampTz> held;  // jobs whose rescheduling failed: not run again before this

std::vector<Job> due_jobs() {
    std::vector<Job> jobs;
    auto e = in_transaction([&] {
        pg::Rows r = pg::query(
            "SELECT job_id, kind, parent_table::oid, "
            "       coalesce((SELECT pg_catalog.format('%I.%I', n.nspname, c.relname) FROM pg_catalog.pg_class c "
            "                 JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = parent_table), ''), "
            "       max_runtime::text, "
            "       consecutive_failures + 1, "
            "       coalesce(jsonb_typeof(options->'full') = 'boolean' AND (options->'full')::boolean, false), "
            "       coalesce(jsonb_typeof(options->'analyze') = 'boolean' AND (options->'analyze')::boolean, false) "
            "FROM partman_ext.job "
            "WHERE enabled AND (next_run <= partman_ext.clock() OR requested OR retry_at <= partman_ext.clock()) "
            "ORDER BY least(next_run, retry_at, CASE WHEN requested THEN '-infinity'::timestamptz END), job_id",
            {}, true);
        TimestampTz now = GetCurrentTimestamp();
        for (size_t i = 0; i < r.size(); ++i) {
            Job j;
            j.id = r.int8(i, 0);
            auto h = held.find(j.id);
            if (h != held.end() && now < h->second) continue;
            std::optional<core::JobKind> kind = core::parse_job_kind(r.str(i, 1));
            if (!kind) continue;  // partman_ext.job's CHECK constraint admits only the kinds there are
            j.kind = *kind;
            j.parent = static_cast<Oid>(r.int8_or_null(i, 2).value_or(InvalidOid));  // NULL: every set
            j.parent_text = r.str(i, 3);
            j.max_runtime = r.str(i, 4);
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
    switch (job.kind) {
        case core::JobKind::maintenance: return run_maintenance(job);
        case core::JobKind::analyze: return run_analyze(job);
        case core::JobKind::vacuum: return run_vacuum(job);
        case core::JobKind::health: return run_health(job);
        case core::JobKind::sampling: return run_sampling(job);
        case core::JobKind::statistics: return run_statistics(job);
    }
    RunResult r;  // not reached: every kind is handled above
    r.status = core::RunStatus::failed;
    r.sqlstate = "XX000";
    r.message = std::string("no runner for job kind ") + core::to_text(job.kind);
    return r;
}

// Claims a due job: locks its row (a row locked by a transaction changing it is left for the next
// tick), clears its run-again request, and returns why it is due. The run is recorded 'running'.
constexpr const char* kClaimSql = R"SQL(
    WITH j AS (
        SELECT job_id, next_run <= partman_ext.clock() AS regular, retry_at <= partman_ext.clock() AS retry, requested
        FROM partman_ext.job WHERE job_id = $1 AND enabled FOR UPDATE SKIP LOCKED
    )
    UPDATE partman_ext.job t SET requested = false FROM j
    WHERE t.job_id = j.job_id AND (j.regular OR j.retry OR j.requested)
    RETURNING CASE WHEN j.regular THEN 'schedule' WHEN j.retry THEN 'retry' ELSE 'requested' END
)SQL";

// The job as the reschedule needs it, read again after the run (alter_job may have changed it).
constexpr const char* kJobSql = R"SQL(
    SELECT schedule, schedule_interval::text, time_zone, next_run, next_run <= partman_ext.clock(),
           retry_backoff::text, max_retries, consecutive_failures,
           schedule IS NULL AND schedule_interval IS NULL, partman_ext.clock()
    FROM partman_ext.job WHERE job_id = $1
)SQL";

// After a run: the next regular time from the schedule (never from when the run started), a retry
// after a failed run (backoff doubling, never later than the regular time, at most max_retries in
// a row), one-off jobs deleted once they succeed and disabled once their last retry failed. Only
// what this run consumed changes: a next_run set meanwhile (alter_job) is kept until that time.
void reschedule(const Job& job, bool ok) {
    pg::Rows j = pg::query(kJobSql, {pg::int8_param(job.id)}, true);
    if (j.size() == 0) return;  // removed meanwhile
    Schedule sched{j.at(0, 0), j.at(0, 1), j.str(0, 2)};
    std::string next_text = j.str(0, 3);
    // The regular run was consumed only when this run was the regular one (a requested run that
    // ended after next_run came leaves it due: it runs next tick).
    bool regular_due = job.reason == "schedule" && j.boolean(0, 4), one_off = j.boolean(0, 8);
    std::string backoff = j.str(0, 5);
    int64_t max_retries = j.int8(0, 6), failures = j.int8(0, 7);
    TimestampTz now = pmx::clock_now();
    TimestampTz old_next = pg::call([&] {
        const char* t = next_text.c_str();
        return DatumGetTimestampTz(DirectFunctionCall3(timestamptz_in, CStringGetDatum(t), ObjectIdGetDatum(InvalidOid),
                                                       Int32GetDatum(-1)));
    });
    TimestampTz next = old_next;
    std::optional<TimestampTz> retry;
    failures = ok ? 0 : failures + 1;
    std::optional<std::string> unschedulable;  // why, taken out of the catch block
    try {
        if (regular_due) {
            std::optional<TimestampTz> n = one_off ? std::nullopt : next_fire(sched, old_next, now);
            next = n ? *n : DT_NOEND;
        }
        if (!ok && failures <= max_retries) {
            retry = add_interval(now, backoff, int64_t(1) << std::min<int64_t>(failures - 1, 16), sched.time_zone);
            if (retry && *retry >= next) retry.reset();
        }
    } catch (const pg::UserError& u) {
        unschedulable = u.what();
    }
    if (unschedulable) {
        // Its next run cannot be computed (a schedule accepted before 0.2.0 checked for overflow):
        // it must not stay due and run on every tick.
        const std::string& why = *unschedulable;
        pg::exec("UPDATE partman_ext.job SET enabled = false, retry_at = NULL, requested = false WHERE job_id = $1",
                 {pg::int8_param(job.id)});
        const char* w = why.c_str();
        pg::call([&] {
            ereport(WARNING, (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
                              errmsg("partman_ext scheduler paused job %lld: %s", static_cast<long long>(job.id), w),
                              errhint("Give it a schedule of at most 100 years with alter_job(), then resume_job().")));
        });
        return;
    }
    bool exhausted = !ok && failures > max_retries;
    auto ts = [](std::optional<TimestampTz> t) {
        return t ? std::optional<std::string>(pg::call([&] { return static_cast<const char*>(
                       DatumGetCString(DirectFunctionCall1(timestamptz_out, TimestampTzGetDatum(*t)))); }))
                 : std::nullopt;
    };
    pg::Rows done = pg::query(
        "UPDATE partman_ext.job SET next_run = CASE WHEN next_run = $2::timestamptz THEN $3::timestamptz ELSE next_run END, "
        "  retry_at = $4::timestamptz, consecutive_failures = $5, "
        "  enabled = enabled AND (requested OR NOT ($6 AND $7)) "
        "WHERE job_id = $1 RETURNING $6 AND $8 AND NOT requested",
        {pg::int8_param(job.id), pg::text_param(next_text), pg::text_param(ts(next)), pg::Param{TIMESTAMPTZOID, ts(retry)},
         pg::int8_param(failures), pg::bool_param(one_off), pg::bool_param(exhausted), pg::bool_param(ok)});
    if (done.size() && done.boolean(0, 0))
        pg::exec("DELETE FROM partman_ext.job WHERE job_id = $1", {pg::int8_param(job.id)});
}

void run_job(Job job) {
    report_activity(std::string("partman_ext: ") + core::to_text(job.kind) + " job " + std::to_string(job.id) +
           (job.parent_text.empty() ? "" : " on " + job.parent_text));
    int64_t run_id = 0;
    bool claimed = false;
    auto e = in_transaction([&] {
        pg::AsUser owner(pg::extension_owner());
        pg::Rows c = pg::query(kClaimSql, {pg::int8_param(job.id)});
        claimed = c.size() > 0;
        if (!claimed) return;
        job.reason = c.str(0, 0);
        pg::Rows r = pg::query(
            "INSERT INTO partman_ext.job_run (job_id, kind, parent_table, status, attempt, pid, reason, parent_relid) "
            "VALUES ($1, $2, nullif($3, ''), 'running', $4, pg_catalog.pg_backend_pid(), $5, "
            "NULLIF($6, 0::pg_catalog.oid)::pg_catalog.regclass) RETURNING run_id",
            {pg::int8_param(job.id), pg::text_param(core::to_text(job.kind)), pg::text_param(job.parent_text),
             pg::int8_param(job.attempt), pg::text_param(job.reason), pg::oid_param(job.parent)});
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
    int64_t limit_us = std::min<int64_t>(interval_usecs(job.max_runtime), int64_t(100) * 366 * USECS_PER_DAY);
    if (limit_us > 0) enable_timeout_at(runtime_timer, GetCurrentTimestamp() + limit_us);
    RunResult res;
    try {
        res = dispatch(job);
    } catch (const pg::PgError& ex) {
        res.status = core::RunStatus::failed;
        res.sqlstate = ex.sqlstate();
        res.message = ex.what();
    } catch (const pg::UserError& ex) {
        res.status = core::RunStatus::failed;
        res.sqlstate = ex.sqlstate();
        res.message = ex.what();
    } catch (const std::exception& ex) {
        res.status = core::RunStatus::failed;
        res.sqlstate = "XX000";
        res.message = std::string("partman_ext internal error: ") + ex.what();
    }
    disable_timeout(runtime_timer, false);
    bool stopped = got_sigterm, timed_out = runtime_exceeded;
    if (stopped || timed_out) {
        QueryCancelPending = false;  // our own interrupt, if no statement consumed it
        res.status = core::RunStatus::cancelled;
        res.sqlstate = "57014";
        res.message = (timed_out ? std::string("exceeded max_runtime; stopped after: ")
                                 : std::string("the scheduler was stopped (SIGTERM) during the run; done so far: ")) +
                      res.message;
    }
    bool ok = (res.status == core::RunStatus::succeeded || (res.status == core::RunStatus::skipped && res.sqlstate.empty())) && !res.problems;
    e = in_transaction([&] {
        pg::AsUser owner(pg::extension_owner());
        pg::exec(
            "UPDATE partman_ext.job_run SET finished_at = pg_catalog.clock_timestamp(), status = $2, "
            "sqlstate = nullif($3, ''), message = $4, items_done = $5, details = $6::jsonb WHERE run_id = $1",
            {pg::int8_param(run_id), pg::text_param(core::to_text(res.status)), pg::text_param(res.sqlstate),
             pg::text_param(core::abbreviate(res.message, 4000)), pg::int8_param(res.items),
             pg::text_param(res.details)});
        // A run cut short by SIGTERM stays due: a requested run is asked for again (a regular run
        // or a retry still is, its time unchanged).
        if (stopped && job.reason == "requested")
            pg::exec("UPDATE partman_ext.job SET requested = true WHERE job_id = $1", {pg::int8_param(job.id)});
    });
    if (e)
        ereport(WARNING, (errmsg("partman_ext scheduler could not record the end of run %lld: %s",
                                 static_cast<long long>(run_id), e->message.c_str())));
    // A run cut short by SIGTERM stays due: the next scheduler runs it again.
    if (stopped) return;
    // Separately, under lock_timeout: a session changing the job row (registering a set in an open
    // transaction) must not hold up the scheduler.
    e = in_transaction([&] {
        pg::AsUser owner(pg::extension_owner());
        pg::GucScope guc;
        guc.set("lock_timeout", std::to_string(pmx::default_lock_timeout_ms));
        reschedule(job, ok);
        // Alerts follow what maintenance changed without waiting hours for the health job's turn.
        if (job.kind == core::JobKind::maintenance)
            pg::exec("UPDATE partman_ext.job SET requested = true WHERE kind = 'health' AND enabled AND NOT requested");
    });
    held.erase(job.id);
    if (e) {
        // The job would stay due and run again every tick: hold it back here for a while.
        TimestampTz until = TimestampTzPlusMilliseconds(GetCurrentTimestamp(), kHoldMs);
        held[job.id] = until;
        const std::string& st = e->sqlstate.size() == 5 ? e->sqlstate : std::string("XX000");
        ereport(WARNING, (errcode(MAKE_SQLSTATE(st[0], st[1], st[2], st[3], st[4])),
                          errmsg("partman_ext scheduler could not reschedule job %lld: %s",
                                 static_cast<long long>(job.id), e->message.c_str()),
                          errdetail("The job is not run again by this scheduler for %d seconds.", kHoldMs / 1000)));
    }
    report_activity("");
}

// Marks runs left 'running' by a scheduler that died (crash, kill -9) as cancelled. Their jobs stay
// due: a regular run or a retry still is (its time unchanged); a requested run is asked for again.
void close_orphans() {
    auto e = in_transaction([&] {
        pg::AsUser owner(pg::extension_owner());
        pg::exec(
            "WITH o AS (UPDATE partman_ext.job_run SET status = 'cancelled', finished_at = pg_catalog.clock_timestamp(), "
            "  sqlstate = '57P01', message = 'the scheduler process ended before the run finished' "
            "  WHERE status = 'running' AND pid IS DISTINCT FROM pg_catalog.pg_backend_pid() RETURNING job_id, reason) "
            "UPDATE partman_ext.job j SET requested = true FROM o WHERE j.job_id = o.job_id AND o.reason = 'requested'");
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

// Whether partman_ext is installed here at a version this library can schedule (its job table has
// the columns of 0.2.0). An older one is logged once: ALTER EXTENSION .. UPDATE brings the
// scheduler back (the upgrade script asks the launcher).
bool extension_installed() {
    bool installed = false;
    std::string version;
    auto e = in_transaction([&] {
        pg::Rows r = pg::query(
            "SELECT e.extversion, EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a "
            "  WHERE a.attrelid = pg_catalog.to_regclass('partman_ext.job') AND a.attname = 'retry_at' AND NOT a.attisdropped) "
            "FROM pg_catalog.pg_extension e WHERE e.extname = 'partman_ext'",
            {}, true);
        if (r.size() == 0) return;
        version = r.str(0, 0);
        installed = r.boolean(0, 1);
    });
    if (e) return true;  // could not tell (e.g. a lock): try again next tick rather than leave
    if (!installed && !version.empty())
        ereport(LOG, (errmsg("partman_ext scheduler: the extension is installed here at version %s; "
                             "jobs run again after ALTER EXTENSION partman_ext UPDATE", version.c_str())));
    return installed;
}

// Whether partman_ext.pause_scheduler is on for this database (ALTER DATABASE .. SET).
bool paused_here() {
    bool paused = false;
    auto e = in_transaction([&] {
        for (Oid d : paused_databases()) paused = paused || d == MyDatabaseId;
    });
    return !e && paused;
}

// One tick. Returns how long to sleep (ms) before the next one; sets `leave` when the scheduler
// must go: the extension is not (or no longer) installed here at the version this library
// needs, or the database is paused.
long tick(bool& was_installed, TimestampTz& last_prune, SlotState& leave) {
    if (!pmx::worker_enabled || RecoveryInProgress()) return 1000L * pmx::worker_naptime_s;
    if (paused_here()) {
        leave = SlotState::Paused;
        return 0;
    }
    if (!extension_installed()) {
        leave = SlotState::NoExtension;
        return 0;
    }
    if (!was_installed) {
        ereport(LOG, (errmsg("partman_ext scheduler started")));
        close_orphans();
        set_slot_state(my_slot, SlotState::Serving);
    }
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

}  // namespace pmx::worker

using namespace pmx::worker;

extern "C" PGDLLEXPORT void partman_ext_scheduler_main(Datum arg) {
    pqsignal(SIGHUP, SignalHandlerForConfigReload);
    pqsignal(SIGTERM, on_sigterm);
    BackgroundWorkerUnblockSignals();
    SchedulerArgs args;
    std::memcpy(&args, MyBgworkerEntry->bgw_extra, sizeof args);
    my_slot = DatumGetInt32(arg);
    if (!shared_available() || my_slot < 0 || my_slot >= slot_count() || read_slot(my_slot).dboid != args.dboid)
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
    // In a deadlock with a user's statement (DROP EXTENSION while a tick reads the job table,
    // found by test/shell/worker_limits.sh), the first waiter to reach its deadlock_timeout runs
    // the check and is rolled back. A shorter deadlock_timeout here makes that the scheduler, whose
    // tick is simply retried, and never the user's statement.
    if (DeadlockTimeout > 100) SetConfigOption("deadlock_timeout", "100", PGC_SUSET, PGC_S_SESSION);
    pgstat_report_appname("partman_ext scheduler");
    runtime_timer = RegisterTimeout(USER_TIMEOUT, on_runtime_exceeded);
    MemoryContext tick_ctx = AllocSetContextCreate(TopMemoryContext, "partman_ext scheduler tick", ALLOCSET_DEFAULT_SIZES);
    bool was_installed = false;
    TimestampTz last_prune = 0;

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
        SlotState leave = SlotState::Unknown;
        {
            pg::ErrorContextScope errors(tick_ctx);  // errors of this tick are copied here, reset below
            try {
                sleep_ms = tick(was_installed, last_prune, leave);
            } catch (const std::exception& e) {
                outcome = failed;
                snprintf(message, sizeof message, "%s", e.what());
            } catch (...) {
                outcome = unknown;
            }
        }
        if (outcome == unknown) {
            ereport(WARNING, (errmsg("partman_ext scheduler: unknown C++ exception; restarting")));
            proc_exit(1);  // the launcher starts a new scheduler
        }
        if (outcome == failed) {
            // Bookkeeping failed outside a job: log and go on; when the extension was dropped
            // mid-tick, leave quietly.
            bool aborted = true;
            try {
                if (IsTransactionState()) abort_transaction();
            } catch (...) {
                aborted = false;
            }
            if (!aborted) proc_exit(1);  // outside the catch block
            if (extension_installed())
                ereport(WARNING, (errmsg("partman_ext scheduler: %s", message)));
            else
                leave = SlotState::NoExtension;
        }
        MemoryContextSwitchTo(TopMemoryContext);
        MemoryContextReset(tick_ctx);
        pgstat_report_stat(true);
        if (leave != SlotState::Unknown) {
            // Not installed here (or dropped), or paused: leave quietly; the launcher remembers this
            // database until CREATE EXTENSION or ALTER DATABASE .. SET partman_ext.* commits for it.
            if (was_installed)
                ereport(LOG, (errmsg("partman_ext scheduler: %s; leaving",
                                     leave == SlotState::Paused ? "partman_ext.pause_scheduler is on for this database"
                                                                : "the extension is no longer installed here")));
            set_slot_state(my_slot, leave);
            proc_exit(0);
        }
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

}  // namespace pmx
