// State shared by the launcher, the schedulers and ordinary backends (shared memory), and the
// hooks that need it: start-up registration and the DROP DATABASE guard.
#pragma once

extern "C" {
#include "postgres.h"
#include "datatype/timestamp.h"
}

#include <sys/types.h>

namespace pmx::worker {

constexpr int kMaxSchedulers = 64;

// One database the launcher schedules. Written under the spinlock in SharedState.
struct Slot {
    Oid dboid;                 // InvalidOid: free
    pid_t pid;                 // scheduler process, 0 when none runs
    TimestampTz paused_until;  // the launcher starts no scheduler here before this time
};

// Called from _PG_init while shared_preload_libraries is processed: shared memory, the launcher,
// the utility hook. Does nothing otherwise.
void register_at_preload();

// The shared array (nullptr when the library was not preloaded).
bool shared_available();
// Copies of the slot fields, read/written under the lock.
int find_slot(Oid dboid);                 // -1 when absent
int claim_slot(Oid dboid);                // -1 when full
void release_slot(int i);
Slot read_slot(int i);
void set_slot_pid(int i, pid_t pid);
void pause_slot(int i, TimestampTz until);

// Wakes the scheduler of the current database (no-op when none runs).
void wake_scheduler(Oid dboid);

}  // namespace pmx::worker
