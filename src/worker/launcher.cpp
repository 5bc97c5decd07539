// The launcher (see launcher.hpp). Each cycle it reads partman_ext.databases and .role, starts a
// scheduler for every listed database that exists and accepts connections and has none, and stops
// schedulers whose database left the list (or when partman_ext.enabled is off). A scheduler that
// exits (terminated, or failed) is started again on a later cycle, at most every kRestartMs.
#include "worker/launcher.hpp"

#include "pg/guard.hpp"
#include "pg/settings.hpp"
#include "worker/shared.hpp"

extern "C" {
#include "access/heapam.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/pg_authid.h"
#include "catalog/pg_database.h"
#include "commands/dbcommands.h"
#include "miscadmin.h"
#include "nodes/pg_list.h"
#include "pgstat.h"
#include "postmaster/bgworker.h"
#include "postmaster/interrupt.h"
#include "storage/ipc.h"
#include "storage/latch.h"
#include "tcop/tcopprot.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"
#include "utils/varlena.h"
}

#include <csignal>
#include <cstdio>
#include <cstring>

namespace pmx::worker {

namespace {

constexpr int kRestartMs = 3000;

struct Local {
    BackgroundWorkerHandle* handle = nullptr;
    Oid roleoid = InvalidOid;
    TimestampTz last_start = 0;
    bool stopping = false;
};
Local local[kMaxSchedulers];

struct Wanted {
    Oid dboids[kMaxSchedulers];
    int count = 0;
    Oid roleoid = InvalidOid;
    bool role_ok = true;
};

bool is_running(int i) {
    if (read_slot(i).pid != 0) return true;
    if (!local[i].handle) return false;
    pid_t pid;
    return GetBackgroundWorkerPid(local[i].handle, &pid) != BGWH_STOPPED;
}

// Reads the wanted databases and role from the catalogs (plain PostgreSQL calls; run under pg::call).
void read_wanted(Wanted& w) {
    w.count = 0;
    if (!pmx::worker_enabled) return;
    MemoryContext ctx = CurrentMemoryContext;
    StartTransactionCommand();
    MemoryContextSwitchTo(ctx);
    w.roleoid = BOOTSTRAP_SUPERUSERID;
    w.role_ok = true;  // until a named role turns out to be missing (a reset must clear a bad role)
    if (pmx::worker_role && pmx::worker_role[0]) {
        w.roleoid = get_role_oid(pmx::worker_role, true);
        w.role_ok = OidIsValid(w.roleoid);
    }
    List* names = NIL;
    char* raw = pstrdup(pmx::worker_databases ? pmx::worker_databases : "");
    if (!SplitIdentifierString(raw, ',', &names))
        ereport(WARNING, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                          errmsg("partman_ext.databases is not a valid list of database names: \"%s\"",
                                 pmx::worker_databases)));
    // A heap scan of pg_database, not get_database_oid(): before the shared relcache init file
    // exists (first start after initdb), a backend without a database cannot open catalog indexes.
    Relation rel = table_open(DatabaseRelationId, AccessShareLock);
    TableScanDesc scan = table_beginscan_catalog(rel, 0, nullptr);
    HeapTuple tup;
    while ((tup = heap_getnext(scan, ForwardScanDirection)) != nullptr && w.count < kMaxSchedulers) {
        auto* db = (Form_pg_database)GETSTRUCT(tup);
        ListCell* lc;
        foreach (lc, names) {
            if (strcmp(NameStr(db->datname), static_cast<char*>(lfirst(lc))) == 0 && db->datallowconn)
                w.dboids[w.count++] = db->oid;
        }
    }
    table_endscan(scan);
    table_close(rel, AccessShareLock);
    CommitTransactionCommand();
    MemoryContextSwitchTo(ctx);
}

void start_scheduler(int i, Oid dboid, Oid roleoid) {
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
    local[i].handle = nullptr;
    local[i].last_start = GetCurrentTimestamp();
    local[i].roleoid = roleoid;
    local[i].stopping = false;
    MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);  // the handle outlives the cycle
    bool ok = RegisterDynamicBackgroundWorker(&bw, &local[i].handle);
    MemoryContextSwitchTo(old);
    if (!ok)
        ereport(WARNING, (errmsg("partman_ext launcher could not start a scheduler for database %u", dboid),
                          errhint("Raise max_worker_processes.")));
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

void cycle() {
    static Wanted w;
    read_wanted(w);
    static bool warned_role = false;
    if (!w.role_ok) {
        if (!warned_role)
            ereport(WARNING, (errcode(ERRCODE_UNDEFINED_OBJECT),
                              errmsg("partman_ext.role \"%s\" does not exist; no scheduler is started",
                                     pmx::worker_role)));
        warned_role = true;
        w.count = 0;
    } else {
        warned_role = false;
    }
    // Stop or forget schedulers that are no longer wanted (or run as another role).
    for (int i = 0; i < kMaxSchedulers; ++i) {
        Slot s = read_slot(i);
        if (s.dboid == InvalidOid) continue;
        bool wanted = false;
        for (int k = 0; k < w.count; ++k) wanted = wanted || w.dboids[k] == s.dboid;
        bool role_changed = local[i].roleoid != InvalidOid && local[i].roleoid != w.roleoid;
        if (wanted && !role_changed) continue;
        if (is_running(i)) {
            stop_scheduler(i);
        } else {
            if (local[i].handle) pfree(local[i].handle);
            local[i] = Local{};
            if (!wanted) release_slot(i);
        }
    }
    // Start what is missing.
    TimestampTz now = GetCurrentTimestamp();
    for (int k = 0; k < w.count; ++k) {
        int i = find_slot(w.dboids[k]);
        if (i < 0) i = claim_slot(w.dboids[k]);
        if (i < 0) continue;
        if (is_running(i)) continue;
        Slot s = read_slot(i);
        if (now < s.paused_until) continue;
        if (local[i].last_start && !TimestampDifferenceExceeds(local[i].last_start, now, kRestartMs)) continue;
        start_scheduler(i, w.dboids[k], w.roleoid);
    }
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
extern "C" void partman_ext_launcher_main(Datum) {
    pqsignal(SIGHUP, SignalHandlerForConfigReload);
    pqsignal(SIGTERM, die);
    BackgroundWorkerUnblockSignals();
    BackgroundWorkerInitializeConnection(nullptr, nullptr, 0);  // shared catalogs only
    pgstat_report_appname("partman_ext launcher");
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
        try {
            pg::call([] { cycle(); });
        } catch (const pg::PgError& e) {
            outcome = pg_failed;
            code = e.sqlerrcode();
            snprintf(message, sizeof message, "%s", e.what());
        } catch (...) {
            outcome = unknown;
        }
        if (outcome == unknown) {
            // Never let a C++ exception end the process abnormally (that would restart the cluster).
            ereport(WARNING, (errmsg("partman_ext launcher: unexpected C++ exception; restarting")));
            proc_exit(1);
        }
        if (outcome == pg_failed) {
            ereport(WARNING, (errcode(code), errmsg("partman_ext launcher: %s", message)));
            try {
                pg::call([] { AbortCurrentTransaction(); });
            } catch (...) {
                proc_exit(1);
            }
        }
        MemoryContextSwitchTo(TopMemoryContext);
        MemoryContextReset(cycle_ctx);
        pgstat_report_stat(true);
        long wait_ms = 1000L * (pmx::worker_naptime_s < 5 ? pmx::worker_naptime_s : 5);
        (void)WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, wait_ms, PG_WAIT_EXTENSION);
        ResetLatch(MyLatch);
    }
}
