// Locks taken without queueing (see locks.hpp).
#include "pg/locks.hpp"

extern "C" {
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "storage/lock.h"
#include "storage/lwlock.h"
#include "storage/proc.h"
#include "storage/shmem.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"
}

#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <functional>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

namespace {

// Sleeps for `us` microseconds, woken early by any signal (statement_timeout, cancel, SIGTERM),
// after which the caller serves interrupts. The nanosleep system call is made directly: a
// time-faking LD_PRELOAD library (libfaketime, used to run the test suite at other dates) turns
// the clock off for the duration of the libc calls it wraps, which would make PostgreSQL's
// timeout handler read the real clock and postpone statement_timeout for good.
void nap(int64_t us) {
    struct timespec ts;
    ts.tv_sec = us / 1000000;
    ts.tv_nsec = (us % 1000000) * 1000;
    (void)syscall(SYS_nanosleep, &ts, nullptr);
}

// Calls try_all() until it returns true or timeout_ms have passed; then fail() raises.
void poll_until(int64_t timeout_ms, const std::function<bool()>& try_all, const std::function<void()>& fail) {
    TimestampTz start = call([] { return GetCurrentTimestamp(); });
    int64_t pause_us = 1000;
    for (;;) {
        call([] { CHECK_FOR_INTERRUPTS(); });
        if (try_all()) return;
        TimestampTz now = call([] { return GetCurrentTimestamp(); });
        int64_t waited_us = now - start;
        if (waited_us >= timeout_ms * 1000) fail();
        nap(std::min(pause_us, timeout_ms * 1000 - waited_us));
        pause_us = std::min<int64_t>(pause_us * 2, 50000);  // 1, 2, 4 .. 50 ms between attempts
    }
}

}  // namespace

void lock_relations(const std::vector<RelationLock>& locks, int64_t timeout_ms) {
    size_t busy = 0;
    auto try_all = [&] {
        for (size_t i = 0; i < locks.size(); ++i) {
            const RelationLock l = locks[i];
            bool got = call([&] { return ConditionalLockRelationOid(l.relid, l.mode); });
            if (got) continue;
            // Give back what this attempt took, so nobody waits on a half-locked step.
            for (size_t j = i; j-- > 0;) {
                const RelationLock u = locks[j];
                call([&] { UnlockRelationOid(u.relid, u.mode); });
            }
            busy = i;
            return false;
        }
        return true;
    };
    auto fail = [&] {
        const Oid relid = locks[busy].relid;
        char* name = call([&] { return get_rel_name(relid); });
        std::string shown = name ? name : "OID " + std::to_string(relid);
        std::string msg = "could not obtain lock on relation \"" + shown + "\" within " + std::to_string(timeout_ms) + " ms";
        call([&] {
            ereport(ERROR, (errcode(ERRCODE_LOCK_NOT_AVAILABLE), errmsg("%s", msg.c_str()),
                            errdetail("Another session holds a conflicting lock; partman_ext does not queue behind it, "
                                      "so no query waits behind partman_ext either."),
                            errhint("The step is retried on the next maintenance run.")));
        });
    };
    poll_until(timeout_ms, try_all, fail);
    // A relation dropped while we waited: the lock was granted on a stale OID.
    for (const RelationLock& l : locks) {
        bool exists = call([&] { return get_rel_relkind(l.relid) != '\0'; });
        if (!exists)
            throw UserError(ERRCODE_UNDEFINED_TABLE, "relation with OID " + std::to_string(l.relid) + " was dropped",
                            "It was dropped while partman_ext waited for its lock.", "Nothing to do for it.");
    }
}

void lock_relations_or_queue(const std::vector<RelationLock>& locks, int64_t poll_ms, int64_t queue_ms) {
    try {
        lock_relations(locks, poll_ms);
        return;
    } catch (const PgError& e) {
        if (e.sqlerrcode() != ERRCODE_LOCK_NOT_AVAILABLE) throw;
    }
    // Queued, in the order given, each request bounded by lock_timeout; what was taken stays held.
    const std::string timeout = std::to_string(queue_ms);
    const char* t = timeout.c_str();
    call([&] {
        int level = NewGUCNestLevel();
        (void)set_config_option("lock_timeout", t, PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
        for (const RelationLock& l : locks) LockRelationOid(l.relid, l.mode);
        AtEOXact_GUC(true, level);
    });
}

bool lock_advisory(int32 key1, int32 key2, int64_t timeout_ms, const std::string& what) {
    int attempts = 0;
    auto try_all = [&] {
        ++attempts;
        return call([&] {
            LOCKTAG tag;
            SET_LOCKTAG_ADVISORY(tag, MyDatabaseId, (uint32)key1, (uint32)key2, 2);
            return LockAcquire(&tag, ExclusiveLock, false, true) != LOCKACQUIRE_NOT_AVAIL;
        });
    };
    auto fail = [&] {
        std::string msg = "could not obtain the lock of " + what + " within " + std::to_string(timeout_ms) + " ms";
        call([&] {
            ereport(ERROR, (errcode(ERRCODE_LOCK_NOT_AVAILABLE), errmsg("%s", msg.c_str()),
                            errdetail("Another session is maintaining it."),
                            errhint("It is retried on the next maintenance run.")));
        });
    };
    poll_until(timeout_ms, try_all, fail);
    return attempts > 1;
}

int64_t locks_held() {
    // Our own entries only, as GetLockStatusData would list them for our pid, without copying
    // the whole shared lock table (its cost grows with max_connections x max_locks_per_transaction):
    // each used fast-path slot, the fast-path lock on our virtual transaction id, and each PROCLOCK
    // on our PGPROC's list of every lock partition. FAST_PATH_BITS_PER_SLOT is lock.c's (3 in 15).
    constexpr int bits_per_slot = 3;
    return call([] {
        int64 n = 0;
        LWLockAcquire(&MyProc->fpInfoLock, LW_SHARED);
        for (int f = 0; f < FP_LOCK_SLOTS_PER_BACKEND; ++f)
            if ((MyProc->fpLockBits >> (bits_per_slot * f)) & ((UINT64CONST(1) << bits_per_slot) - 1)) ++n;
        if (MyProc->fpVXIDLock) ++n;
        LWLockRelease(&MyProc->fpInfoLock);
        for (int i = 0; i < NUM_LOCK_PARTITIONS; ++i) {
            LWLock* partition = LockHashPartitionLockByIndex(i);
            SHM_QUEUE* list = &MyProc->myProcLocks[i];
            LWLockAcquire(partition, LW_SHARED);
            for (Pointer p = SHMQueueNext(list, list, offsetof(PROCLOCK, procLink)); p != nullptr;
                 p = SHMQueueNext(list, &((PROCLOCK*)p)->procLink, offsetof(PROCLOCK, procLink)))
                ++n;
            LWLockRelease(partition);
        }
        return n;
    });
}

}  // namespace pg

}  // namespace pmx
