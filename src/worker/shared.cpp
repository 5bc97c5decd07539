// Shared memory for the scheduler slots, and the utility hook that keeps DROP DATABASE (and
// ALTER DATABASE .. RENAME / SET TABLESPACE, CREATE DATABASE .. TEMPLATE) from being refused
// because of a scheduler connected to that database: before the
// command runs, the scheduler is asked to stop (SIGTERM) and the launcher is told to leave the
// database alone for a while. TimescaleDB's loader does the same; PostgreSQL 15 itself only
// terminates autovacuum workers there.
#include "worker/shared.hpp"

#include "worker/launcher.hpp"

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

namespace pmx::worker {

namespace {

struct SharedState {
    slock_t mutex;
    Slot slots[kMaxSchedulers];
};

SharedState* state = nullptr;
shmem_request_hook_type prev_shmem_request = nullptr;
shmem_startup_hook_type prev_shmem_startup = nullptr;
ProcessUtility_hook_type prev_utility = nullptr;

constexpr int kDropPauseMs = 15000;  // launcher keeps away from a database being dropped
constexpr int kDropWaitMs = 5000;    // longest wait for the scheduler to leave

void shmem_request() {
    if (prev_shmem_request) prev_shmem_request();
    RequestAddinShmemSpace(MAXALIGN(sizeof(SharedState)));
}

void shmem_startup() {
    if (prev_shmem_startup) prev_shmem_startup();
    LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
    bool found = false;
    state = static_cast<SharedState*>(ShmemInitStruct("partman_ext scheduler slots", sizeof(SharedState), &found));
    if (!found) {
        SpinLockInit(&state->mutex);
        for (Slot& s : state->slots) s = Slot{InvalidOid, 0, 0};
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
    }
    if (prev_utility)
        prev_utility(pstmt, query, read_only_tree, context, params, env, dest, qc);
    else
        standard_ProcessUtility(pstmt, query, read_only_tree, context, params, env, dest, qc);
}

}  // namespace

void register_at_preload() {
    if (!process_shared_preload_libraries_in_progress) return;
    prev_shmem_request = shmem_request_hook;
    shmem_request_hook = shmem_request;
    prev_shmem_startup = shmem_startup_hook;
    shmem_startup_hook = shmem_startup;
    prev_utility = ProcessUtility_hook;
    ProcessUtility_hook = utility_hook;
    register_launcher();
}

bool shared_available() { return state != nullptr; }

int find_slot(Oid dboid) {
    if (!state) return -1;
    int found = -1;
    SpinLockAcquire(&state->mutex);
    for (int i = 0; i < kMaxSchedulers; ++i)
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
    for (int i = 0; i < kMaxSchedulers; ++i)
        if (state->slots[i].dboid == InvalidOid) {
            state->slots[i] = Slot{dboid, 0, 0};
            found = i;
            break;
        }
    SpinLockRelease(&state->mutex);
    return found;
}

void release_slot(int i) {
    SpinLockAcquire(&state->mutex);
    state->slots[i] = Slot{InvalidOid, 0, 0};
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

}  // namespace pmx::worker
