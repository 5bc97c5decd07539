// Shared memory for the scheduler slots and the launcher's queues, and the utility hook:
//  * DROP DATABASE (and ALTER DATABASE .. RENAME / SET TABLESPACE, CREATE DATABASE .. TEMPLATE)
//    must not be refused because of a scheduler connected to that database: before the command
//    runs, the scheduler is asked to stop (SIGTERM) and the launcher is told to leave the
//    database alone for a while. TimescaleDB's loader does the same; PostgreSQL 15 itself only
//    terminates autovacuum workers there.
//  * DROP EXTENSION partman_ext: at commit the database's scheduler is woken, finds the extension
//    gone and leaves; the role the extension created goes too (lifecycle.cpp).
//  * CREATE EXTENSION: the install script calls on_extension_installed(); at commit the launcher
//    is asked to serve the database at once.
#include "worker/shared.hpp"

#include "worker/launcher.hpp"
#include "worker/lifecycle.hpp"

extern "C" {
#include "access/xact.h"
#include "utils/acl.h"
#include "commands/dbcommands.h"
#include "commands/defrem.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "pgstat.h"
#include "storage/ipc.h"
#include "storage/latch.h"
#include "storage/proc.h"
#include "storage/procarray.h"
#include "storage/shmem.h"
#include "storage/spin.h"
#include "tcop/utility.h"
#include "utils/timestamp.h"
}

#include <csignal>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace worker {

namespace {

constexpr int kProbeQueue = 64;
constexpr int kStarvedMax = 128;

struct SharedState {
    slock_t mutex;
    pid_t launcher_pid;
    int probe_count;
    bool probe_lost;
    Oid probe[kProbeQueue];
    int starved_count;
    bool starved_more;
    Oid starved[kStarvedMax];
    int nslots;
    Slot slots[FLEXIBLE_ARRAY_MEMBER];
};

// One slot per background worker the server can run at all: more schedulers cannot run at once.
Size state_size(int nslots) { return add_size(offsetof(SharedState, slots), mul_size(sizeof(Slot), nslots)); }

SharedState* state = nullptr;
shmem_request_hook_type prev_shmem_request = nullptr;
shmem_startup_hook_type prev_shmem_startup = nullptr;
ProcessUtility_hook_type prev_utility = nullptr;

constexpr int kDropPauseMs = 15000;  // launcher keeps away from a database being dropped
constexpr int kDropWaitMs = 5000;    // longest wait for the scheduler to leave

void shmem_request() {
    if (prev_shmem_request) prev_shmem_request();
    RequestAddinShmemSpace(MAXALIGN(state_size(max_worker_processes)));
}

void shmem_startup() {
    if (prev_shmem_startup) prev_shmem_startup();
    LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
    bool found = false;
    state = static_cast<SharedState*>(
        ShmemInitStruct("partman_ext scheduler slots", state_size(max_worker_processes), &found));
    if (!found) {
        SpinLockInit(&state->mutex);
        state->launcher_pid = 0;
        state->probe_count = state->starved_count = 0;
        state->probe_lost = state->starved_more = false;
        state->nslots = max_worker_processes;
        for (int i = 0; i < state->nslots; ++i) state->slots[i] = Slot{InvalidOid, 0, 0, SlotState::Unknown};
    }
    LWLockRelease(AddinShmemInitLock);
}

// Asks the scheduler of dbname to exit and waits (bounded) until it has. Plain C calls only:
// this runs inside PostgreSQL's utility processing, where an ERROR may longjmp.
void stop_scheduler_for(const char* dbname) {
    Oid dboid = get_database_oid(dbname, true);
    if (!OidIsValid(dboid)) return;
    // Only for someone who may do this to the database (its owner or a superuser), and not inside a
    // transaction block (where the statement fails anyway): others must not be able to pause it.
    if (!pg_database_ownercheck(dboid, GetUserId()) || IsTransactionBlock()) return;
    int i = find_slot(dboid);
    if (i < 0) return;
    pause_slot(i, TimestampTzPlusMilliseconds(GetCurrentTimestamp(), kDropPauseMs));
    pid_t pid = read_slot(i).pid;
    if (pid == 0) return;
    kill(pid, SIGTERM);
    for (int waited = 0; waited < kDropWaitMs; waited += 10) {
        Slot s = read_slot(i);
        if (s.pid != pid || s.dboid != dboid) break;
        (void)WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, 10, PG_WAIT_EXTENSION);
        ResetLatch(MyLatch);
        CHECK_FOR_INTERRUPTS();
    }
}

// When the statement has option `name`, stops the scheduler of `db` (or of the option's value).
void stop_for_option(List* options, const char* name, const char* db) {
    ListCell* lc;
    foreach (lc, options) {
        DefElem* opt = lfirst_node(DefElem, lc);
        if (strcmp(opt->defname, name) == 0 && opt->arg) stop_scheduler_for(db ? db : defGetString(opt));
    }
}

// Databases to look at again at commit (CREATE EXTENSION here; ALTER DATABASE .. SET partman_ext.*).
constexpr int kPendingProbes = 8;
Oid probe_at_commit[kPendingProbes];
int probes_pending = 0;

void probe_later(Oid dboid) {
    if (!OidIsValid(dboid)) return;
    for (int i = 0; i < probes_pending; ++i)
        if (probe_at_commit[i] == dboid) return;
    if (probes_pending < kPendingProbes) probe_at_commit[probes_pending++] = dboid;
}
bool wake_at_commit = false;

void utility_hook(PlannedStmt* pstmt, const char* query, bool read_only_tree, ProcessUtilityContext context,
                  ParamListInfo params, QueryEnvironment* env, DestReceiver* dest, QueryCompletion* qc) {
    Node* stmt = pstmt->utilityStmt;
    if (state && stmt) {
        if (IsA(stmt, DropdbStmt))
            stop_scheduler_for(castNode(DropdbStmt, stmt)->dbname);
        else if (IsA(stmt, RenameStmt) && castNode(RenameStmt, stmt)->renameType == OBJECT_DATABASE)
            stop_scheduler_for(castNode(RenameStmt, stmt)->subname);
        else if (IsA(stmt, CreatedbStmt))  // CREATE DATABASE .. TEMPLATE a scheduled database
            stop_for_option(castNode(CreatedbStmt, stmt)->options, "template", nullptr);
        else if (IsA(stmt, AlterDatabaseStmt))  // ALTER DATABASE .. SET TABLESPACE
            stop_for_option(castNode(AlterDatabaseStmt, stmt)->options, "tablespace",
                            castNode(AlterDatabaseStmt, stmt)->dbname);
        else if (IsA(stmt, AlterDatabaseSetStmt)) {  // e.g. SET partman_ext.pause_scheduler: look again
            auto* set = castNode(AlterDatabaseSetStmt, stmt);
            if (!set->setstmt->name || strncmp(set->setstmt->name, "partman_ext.", 12) == 0)
                probe_later(get_database_oid(set->dbname, true));
        }
    }
    if (prev_utility)
        prev_utility(pstmt, query, read_only_tree, context, params, env, dest, qc);
    else
        standard_ProcessUtility(pstmt, query, read_only_tree, context, params, env, dest, qc);
    if (stmt && IsA(stmt, DropStmt) && castNode(DropStmt, stmt)->removeType == OBJECT_EXTENSION) {
        ListCell* lc;
        foreach (lc, castNode(DropStmt, stmt)->objects) {
            if (strcmp(strVal(lfirst(lc)), "partman_ext") == 0) {
                wake_at_commit = true;
                extension_dropped();
            }
        }
    }
}

// At commit: wake this database's scheduler (DROP EXTENSION), ask the launcher to serve it
// (CREATE EXTENSION). Nothing here may raise an error.
void xact_callback(XactEvent event, void*) {
    if (event == XACT_EVENT_COMMIT) {
        if (state && probes_pending) {
            for (int i = 0; i < probes_pending; ++i) request_probe(probe_at_commit[i]);
            pid_t pid = launcher_pid();
            PGPROC* proc = pid ? BackendPidGetProc(pid) : nullptr;
            if (proc) SetLatch(&proc->procLatch);
        }
        if (state && wake_at_commit) wake_scheduler(MyDatabaseId);
    }
    if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_COMMIT ||
        event == XACT_EVENT_PARALLEL_ABORT)
    {
        probes_pending = 0;
        wake_at_commit = false;
    }
}

}  // namespace

void register_hooks() {
    prev_utility = ProcessUtility_hook;
    ProcessUtility_hook = utility_hook;
    RegisterXactCallback(xact_callback, nullptr);
    if (!process_shared_preload_libraries_in_progress) return;
    prev_shmem_request = shmem_request_hook;
    shmem_request_hook = shmem_request;
    prev_shmem_startup = shmem_startup_hook;
    shmem_startup_hook = shmem_startup;
    register_launcher();
}

bool shared_available() { return state != nullptr; }
int slot_count() { return state ? state->nslots : 0; }

int find_slot(Oid dboid) {
    if (!state) return -1;
    int found = -1;
    SpinLockAcquire(&state->mutex);
    for (int i = 0; i < state->nslots; ++i)
        if (state->slots[i].dboid == dboid) {
            found = i;
            break;
        }
    SpinLockRelease(&state->mutex);
    return found;
}

int claim_slot(Oid dboid) {
    if (!state) return -1;
    int found = -1;
    SpinLockAcquire(&state->mutex);
    for (int i = 0; i < state->nslots; ++i)
        if (state->slots[i].dboid == InvalidOid) {
            state->slots[i] = Slot{dboid, 0, 0, SlotState::Unknown};
            found = i;
            break;
        }
    SpinLockRelease(&state->mutex);
    return found;
}

void release_slot(int i) {
    SpinLockAcquire(&state->mutex);
    state->slots[i] = Slot{InvalidOid, 0, 0, SlotState::Unknown};
    SpinLockRelease(&state->mutex);
}

Slot read_slot(int i) {
    SpinLockAcquire(&state->mutex);
    Slot s = state->slots[i];
    SpinLockRelease(&state->mutex);
    return s;
}

void set_slot_pid(int i, pid_t pid) {
    SpinLockAcquire(&state->mutex);
    state->slots[i].pid = pid;
    SpinLockRelease(&state->mutex);
}

void set_slot_state(int i, SlotState st) {
    SpinLockAcquire(&state->mutex);
    state->slots[i].state = st;
    SpinLockRelease(&state->mutex);
}

void pause_slot(int i, TimestampTz until) {
    SpinLockAcquire(&state->mutex);
    state->slots[i].paused_until = until;
    SpinLockRelease(&state->mutex);
}

void wake_scheduler(Oid dboid) {
    int i = find_slot(dboid);
    if (i < 0) return;
    pid_t pid = read_slot(i).pid;
    if (pid == 0) return;
    PGPROC* proc = BackendPidGetProc(pid);
    if (proc) SetLatch(&proc->procLatch);
}

void set_launcher_pid(pid_t pid) {
    SpinLockAcquire(&state->mutex);
    state->launcher_pid = pid;
    SpinLockRelease(&state->mutex);
}

pid_t launcher_pid() {
    if (!state) return 0;
    SpinLockAcquire(&state->mutex);
    pid_t pid = state->launcher_pid;
    SpinLockRelease(&state->mutex);
    return pid;
}

void request_probe(Oid dboid) {
    SpinLockAcquire(&state->mutex);
    bool queued = false;
    for (int i = 0; i < state->probe_count; ++i) queued = queued || state->probe[i] == dboid;
    if (!queued) {
        if (state->probe_count < kProbeQueue)
            state->probe[state->probe_count++] = dboid;
        else
            state->probe_lost = true;
    }
    SpinLockRelease(&state->mutex);
}

std::vector<Oid> take_probe_requests(bool& all) {
    Oid copy[kProbeQueue];
    SpinLockAcquire(&state->mutex);
    int n = state->probe_count;
    for (int i = 0; i < n; ++i) copy[i] = state->probe[i];
    all = state->probe_lost;
    state->probe_count = 0;
    state->probe_lost = false;
    SpinLockRelease(&state->mutex);
    return std::vector<Oid>(copy, copy + n);
}

void set_starved(const std::vector<Oid>& dboids) {
    SpinLockAcquire(&state->mutex);
    int n = 0;
    for (Oid d : dboids)
        if (n < kStarvedMax) state->starved[n++] = d;
    state->starved_count = n;
    state->starved_more = dboids.size() > static_cast<size_t>(kStarvedMax);
    SpinLockRelease(&state->mutex);
}

bool is_starved(Oid dboid, bool& more) {
    if (!state) return false;
    SpinLockAcquire(&state->mutex);
    bool found = false;
    for (int i = 0; i < state->starved_count; ++i) found = found || state->starved[i] == dboid;
    more = state->starved_more;
    SpinLockRelease(&state->mutex);
    return found;
}

void on_extension_installed() { probe_later(MyDatabaseId); }

}  // namespace pmx::worker

}  // namespace pmx
