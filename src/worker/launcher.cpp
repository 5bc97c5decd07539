// The launcher (see launcher.hpp), modelled on TimescaleDB's: connected to no database, it reads
// pg_database each cycle and keeps one scheduler per database that may be served (allows
// connections, is not a template, is allowed by partman_ext.databases). A scheduler started in a
// database without the extension, or where partman_ext.pause_scheduler is on (a database-level
// setting, which only a process connected to that database can read), leaves at once and says so
// in its slot; the launcher remembers that database and does not start another there until
// CREATE EXTENSION, ALTER EXTENSION .. UPDATE or ALTER DATABASE .. SET partman_ext.* commits for
// it, or the launcher restarts. Schedulers whose database is no longer wanted are stopped (SIGTERM). A
// scheduler that exits otherwise is started again on a later cycle, at most every kRestartMs.
// When no background worker is free, the databases left without a scheduler are named in a
// WARNING and reported to their sessions (partman_ext.jobs.scheduler_status).
#include "worker/launcher.hpp"

#include "pg/guard.hpp"
#include "pg/settings.hpp"
#include "worker/presence.hpp"
#include "worker/shared.hpp"

extern "C" {
#include "access/heapam.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/pg_authid.h"
#include "catalog/pg_database.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "postmaster/bgworker.h"
#include "postmaster/interrupt.h"
#include "storage/ipc.h"
#include "storage/latch.h"
#include "tcop/tcopprot.h"
#include "utils/acl.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
}

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace worker {

namespace {

constexpr int kRestartMs = 3000;
constexpr int kStarvedRepeatMs = 10 * 60 * 1000;  // a persisting shortage is logged again this often

struct Local {
    BackgroundWorkerHandle* handle = nullptr;
    Oid roleoid = InvalidOid;
    TimestampTz last_start = 0;
    bool stopping = false;
};
std::vector<Local> local;  // one per shared slot

struct Db {
    Oid oid;
    std::string name;
};

struct Wanted {
    std::vector<Db> dbs;
    Oid roleoid = InvalidOid;
    bool role_ok = true;
    bool list_ok = true;
};

std::set<Oid> lacks_extension;  // found without the extension, or paused; not started again until asked
std::set<Oid> served;           // a scheduler found the extension there (started first)
std::map<Oid, TimestampTz> asked;  // when a probe of each database was last requested
std::vector<Oid> starved_now;   // last cycle's databases without a worker slot
std::set<Oid> starved_warned;
TimestampTz starved_warned_at = 0;

bool is_running(int i) {
    if (read_slot(i).pid != 0) return true;
    if (!local[i].handle) return false;
    pid_t pid;
    return GetBackgroundWorkerPid(local[i].handle, &pid) != BGWH_STOPPED;
}

struct DbRow {
    Oid oid;
    NameData name;
    bool candidate;  // allows connections and is not a template
};

// Every database of pg_database (plain PostgreSQL calls; run under pg::call). A heap scan, not
// an index lookup: before the shared relcache init file exists (first start after initdb), a
// backend without a database cannot open catalog indexes.
DbRow* scan_databases(int* n) {
    int cap = 16;
    auto* rows = static_cast<DbRow*>(palloc(sizeof(DbRow) * cap));
    *n = 0;
    Relation rel = table_open(DatabaseRelationId, AccessShareLock);
    TableScanDesc scan = table_beginscan_catalog(rel, 0, nullptr);
    HeapTuple tup;
    while ((tup = heap_getnext(scan, ForwardScanDirection)) != nullptr) {
        auto* db = (Form_pg_database)GETSTRUCT(tup);
        if (*n == cap) {
            cap *= 2;
            rows = static_cast<DbRow*>(repalloc(rows, sizeof(DbRow) * cap));
        }
        rows[*n].oid = db->oid;
        rows[*n].name = db->datname;
        rows[*n].candidate = db->datallowconn && !db->datistemplate;
        ++*n;
    }
    table_endscan(scan);
    table_close(rel, AccessShareLock);
    return rows;
}

// Reads the wanted databases and role from the shared catalogs, in a transaction of its own.
Wanted read_wanted() {
    Wanted w;
    if (!pmx::worker_enabled) return w;
    MemoryContext ctx = CurrentMemoryContext;
    pg::call([] {
        SetCurrentStatementStartTimestamp();
        StartTransactionCommand();
    });
    MemoryContextSwitchTo(ctx);
    w.roleoid = BOOTSTRAP_SUPERUSERID;
    if (pmx::worker_role && pmx::worker_role[0]) {
        const char* name = pmx::worker_role;
        w.roleoid = pg::call([&] { return get_role_oid(name, true); });
        w.role_ok = OidIsValid(w.roleoid);  // until a named role turns out to be missing
    }
    int n = 0;
    DbRow* rows = pg::call([&] { return scan_databases(&n); });
    for (int i = 0; i < n; ++i) {
        bool valid = true;
        if (!rows[i].candidate || !allowed_by_list(NameStr(rows[i].name), valid)) {
            w.list_ok = w.list_ok && valid;
            continue;
        }
        w.dbs.push_back(Db{rows[i].oid, NameStr(rows[i].name)});
    }
    pg::call([] { CommitTransactionCommand(); });
    MemoryContextSwitchTo(ctx);
    // Databases known to have the extension first: they get the worker slots when few are free.
    std::stable_sort(w.dbs.begin(), w.dbs.end(), [](const Db& a, const Db& b) {
        return served.count(a.oid) > served.count(b.oid);
    });
    return w;
}

// Registers a scheduler for slot i; false when no background worker slot is free.
bool start_scheduler(int i, Oid dboid, Oid roleoid) {
    BackgroundWorker bw;
    std::memset(&bw, 0, sizeof bw);
    bw.bgw_flags = BGWORKER_SHMEM_ACCESS | BGWORKER_BACKEND_DATABASE_CONNECTION;
    bw.bgw_start_time = BgWorkerStart_RecoveryFinished;
    bw.bgw_restart_time = BGW_NEVER_RESTART;  // the launcher restarts it
    std::snprintf(bw.bgw_library_name, BGW_MAXLEN, "partman_ext");
    std::snprintf(bw.bgw_function_name, BGW_MAXLEN, "partman_ext_scheduler_main");
    std::snprintf(bw.bgw_name, BGW_MAXLEN, "partman_ext scheduler for database %u", dboid);
    std::snprintf(bw.bgw_type, BGW_MAXLEN, "partman_ext scheduler");
    bw.bgw_main_arg = Int32GetDatum(i);
    SchedulerArgs args{dboid, roleoid};
    static_assert(sizeof args <= BGW_EXTRALEN, "scheduler arguments fit bgw_extra");
    std::memcpy(bw.bgw_extra, &args, sizeof args);
    bw.bgw_notify_pid = MyProcPid;
    if (local[i].handle) pfree(local[i].handle);
    local[i] = Local{};
    BackgroundWorkerHandle* handle = nullptr;
    bool ok = pg::call([&] {
        MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);  // the handle outlives the cycle
        bool registered = RegisterDynamicBackgroundWorker(&bw, &handle);
        MemoryContextSwitchTo(old);
        return registered;
    });
    if (!ok) return false;
    local[i].handle = handle;
    local[i].last_start = GetCurrentTimestamp();
    local[i].roleoid = roleoid;
    set_slot_state(i, SlotState::Unknown);
    return true;
}

void stop_scheduler(int i) {
    if (local[i].stopping) return;
    pid_t pid = read_slot(i).pid;
    if (pid != 0)
        kill(pid, SIGTERM);
    else if (local[i].handle)
        TerminateBackgroundWorker(local[i].handle);
    local[i].stopping = true;
}

void forget(int i, bool release) {
    if (local[i].handle) pfree(local[i].handle);
    local[i] = Local{};
    if (release) release_slot(i);
}

void log_warning(const std::string& message, const std::string& hint) {
    const char* m = message.c_str();
    const char* h = hint.c_str();
    pg::call([&] { ereport(WARNING, (errmsg("%s", m), hint[0] ? errhint("%s", h) : 0)); });
}

// Says loudly which databases are left without a scheduler, when that changes (and again every
// kStarvedRepeatMs while it lasts), and publishes the list for their sessions.
void report_starved(const Wanted& w) {
    set_starved(starved_now);
    std::set<Oid> now(starved_now.begin(), starved_now.end());
    TimestampTz t = GetCurrentTimestamp();
    bool news = std::any_of(now.begin(), now.end(), [](Oid d) { return !starved_warned.count(d); });
    if (now.empty()) {
        if (!starved_warned.empty())
            pg::call([] { ereport(LOG, (errmsg("partman_ext launcher: every database has its scheduler again"))); });
        starved_warned.clear();
        return;
    }
    if (!news && !TimestampDifferenceExceeds(starved_warned_at, t, kStarvedRepeatMs)) return;
    std::string names;
    for (const Db& db : w.dbs)
        if (now.count(db.oid)) names += (names.empty() ? "\"" : ", \"") + db.name + "\"";
    log_warning("partman_ext launcher: no background worker is free to run a scheduler for " +
                    std::to_string(now.size()) + " database(s): " + names +
                    "; their jobs do not run (max_worker_processes = " + std::to_string(max_worker_processes) + ")",
                "Raise max_worker_processes (and restart the server), or narrow partman_ext.databases.");
    starved_warned = now;
    starved_warned_at = t;
}

void cycle() {
    Wanted w = read_wanted();
    bool all = false;
    TimestampTz taken = GetCurrentTimestamp();
    for (Oid d : take_probe_requests(all)) {
        lacks_extension.erase(d);
        asked[d] = taken;
    }
    if (all) lacks_extension.clear();
    static bool warned_role = false, warned_list = false;
    if (!w.role_ok) {
        if (!warned_role)
            log_warning("partman_ext.role \"" + std::string(pmx::worker_role) + "\" does not exist; no scheduler is started",
                        "Create the role or reset partman_ext.role, and reload.");
        w.dbs.clear();
    }
    warned_role = !w.role_ok;
    if (!w.list_ok && !warned_list)
        log_warning("partman_ext.databases is not a valid list of database names: \"" +
                        std::string(pmx::worker_databases) + "\"; no scheduler is started",
                    "Write it as comma-separated names, e.g. 'app, reporting', or '' for every database.");
    warned_list = !w.list_ok;
    auto wanted = [&](Oid dboid) {
        return std::any_of(w.dbs.begin(), w.dbs.end(), [dboid](const Db& d) { return d.oid == dboid; });
    };
    // Reap ended schedulers; stop the ones no longer wanted (or running as another role).
    for (int i = 0; i < slot_count(); ++i) {
        Slot s = read_slot(i);
        if (s.dboid == InvalidOid) continue;
        bool running = is_running(i);
        if (s.state == SlotState::Serving) served.insert(s.dboid);
        if (!running && (s.state == SlotState::NoExtension || s.state == SlotState::Paused)) {
            // A scheduler that looked before a CREATE EXTENSION committed may have missed it:
            // then it is started again at once, not remembered as lacking the extension.
            auto a = asked.find(s.dboid);
            bool stale = a != asked.end() && a->second >= local[i].last_start;
            if (!stale) lacks_extension.insert(s.dboid);
            served.erase(s.dboid);
            forget(i, true);
            continue;
        }
        bool keep = wanted(s.dboid) && !lacks_extension.count(s.dboid) &&
                    !(local[i].roleoid != InvalidOid && local[i].roleoid != w.roleoid);
        if (keep) continue;
        if (running)
            stop_scheduler(i);
        else
            forget(i, !wanted(s.dboid) || lacks_extension.count(s.dboid));
    }
    // Start what is missing.
    starved_now.clear();
    TimestampTz now = GetCurrentTimestamp();
    for (const Db& db : w.dbs) {
        if (lacks_extension.count(db.oid)) continue;
        int i = find_slot(db.oid);
        bool fresh = i < 0;
        if (fresh) i = claim_slot(db.oid);
        if (i < 0) {
            starved_now.push_back(db.oid);
            continue;
        }
        if (is_running(i)) continue;
        if (now < read_slot(i).paused_until) continue;
        if (local[i].last_start && !TimestampDifferenceExceeds(local[i].last_start, now, kRestartMs)) continue;
        if (!start_scheduler(i, db.oid, w.roleoid)) {
            starved_now.push_back(db.oid);
            if (fresh) forget(i, true);
        }
    }
    report_starved(w);
}

}  // namespace

void register_launcher() {
    BackgroundWorker bw;
    std::memset(&bw, 0, sizeof bw);
    bw.bgw_flags = BGWORKER_SHMEM_ACCESS | BGWORKER_BACKEND_DATABASE_CONNECTION;
    bw.bgw_start_time = BgWorkerStart_RecoveryFinished;  // a standby starts nothing
    bw.bgw_restart_time = 5;
    std::snprintf(bw.bgw_library_name, BGW_MAXLEN, "partman_ext");
    std::snprintf(bw.bgw_function_name, BGW_MAXLEN, "partman_ext_launcher_main");
    std::snprintf(bw.bgw_name, BGW_MAXLEN, "partman_ext launcher");
    std::snprintf(bw.bgw_type, BGW_MAXLEN, "partman_ext launcher");
    RegisterBackgroundWorker(&bw);
}

}  // namespace pmx::worker

using namespace pmx::worker;

// Entry point of the launcher. SIGTERM (die) ends it with FATAL, exit code 1: the postmaster starts
// it again after bgw_restart_time unless the server is shutting down. Schedulers keep running
// meanwhile; a new launcher adopts them through the shared slots.
extern "C" PGDLLEXPORT void partman_ext_launcher_main(Datum) {
    pqsignal(SIGHUP, SignalHandlerForConfigReload);
    pqsignal(SIGTERM, die);
    BackgroundWorkerUnblockSignals();
    BackgroundWorkerInitializeConnection(nullptr, nullptr, 0);  // shared catalogs only
    pgstat_report_appname("partman_ext launcher");
    if (!shared_available()) proc_exit(0);
    local.resize(static_cast<size_t>(slot_count()));
    set_launcher_pid(MyProcPid);
    before_shmem_exit([](int, Datum) { set_launcher_pid(0); }, 0);
    MemoryContext cycle_ctx = AllocSetContextCreate(TopMemoryContext, "partman_ext launcher cycle",
                                                    ALLOCSET_DEFAULT_SIZES);
    for (;;) {
        QueryCancelPending = false;  // pg_cancel_backend: nothing to cancel here
        CHECK_FOR_INTERRUPTS();      // SIGTERM (die) ends the launcher here
        if (ConfigReloadPending) {
            ConfigReloadPending = false;
            ProcessConfigFile(PGC_SIGHUP);
        }
        MemoryContextSwitchTo(cycle_ctx);
        // Outcomes are copied out of the catch blocks; PostgreSQL is called only after them.
        enum { ok, pg_failed, unknown } outcome = ok;
        int code = 0;
        char message[512] = "";
        {
            pg::ErrorContextScope errors(cycle_ctx);  // errors of this cycle are copied here, reset below
            try {
                cycle();
            } catch (const pg::PgError& e) {
                outcome = pg_failed;
                code = e.sqlerrcode();
                snprintf(message, sizeof message, "%s", e.what());
            } catch (...) {
                outcome = unknown;
            }
        }
        if (outcome == unknown) {
            // Never let a C++ exception end the process abnormally (that would restart the cluster).
            ereport(WARNING, (errmsg("partman_ext launcher: unexpected C++ exception; restarting")));
            proc_exit(1);
        }
        if (outcome == pg_failed) {
            ereport(WARNING, (errcode(code), errmsg("partman_ext launcher: %s", message)));
            bool aborted = true;
            try {
                pg::call([] { AbortCurrentTransaction(); });
            } catch (...) {
                aborted = false;
            }
            if (!aborted) proc_exit(1);  // outside the catch block
        }
        MemoryContextSwitchTo(TopMemoryContext);
        MemoryContextReset(cycle_ctx);
        pgstat_report_stat(true);
        long wait_ms = 1000L * (pmx::worker_naptime_s < 5 ? pmx::worker_naptime_s : 5);
        (void)WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, wait_ms, PG_WAIT_EXTENSION);
        ResetLatch(MyLatch);
    }
}

}  // namespace pmx
