// State shared by the launcher, the schedulers and ordinary backends (shared memory), and the
// hooks that need it: start-up registration, the DROP DATABASE guard, CREATE/DROP EXTENSION.
#pragma once

extern "C" {
#include "postgres.h"
#include "datatype/timestamp.h"
}

#include <sys/types.h>

#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace worker {

// What a scheduler found in its database (written by the scheduler before it exits).
enum class SlotState : int {
    Unknown = 0,      // starting, running, or ended without saying why
    NoExtension = 1,  // partman_ext is not installed (at this version) there: exited quietly
    Serving = 2,      // found the extension and runs its jobs
    Paused = 3,       // partman_ext.pause_scheduler is on for the database: exited quietly
};

// One database with a scheduler (running, starting or about to be restarted). Written under the
// spinlock in SharedState; there are max_worker_processes slots.
struct Slot {
    Oid dboid;                 // InvalidOid: free
    pid_t pid;                 // scheduler process, 0 when none runs
    TimestampTz paused_until;  // the launcher starts no scheduler here before this time
    SlotState state;
};

// Called from _PG_init: the utility hook (every session that loads the library), and while
// shared_preload_libraries is processed also shared memory and the launcher.
void register_hooks();

// The shared array (false when the library was not preloaded).
bool shared_available();
int slot_count();
// Copies of the slot fields, read/written under the lock.
int find_slot(Oid dboid);   // -1 when absent
int claim_slot(Oid dboid);  // -1 when full
void release_slot(int i);
Slot read_slot(int i);
void set_slot_pid(int i, pid_t pid);
void set_slot_state(int i, SlotState state);
void pause_slot(int i, TimestampTz until);

// Wakes the scheduler of a database (no-op when none runs).
void wake_scheduler(Oid dboid);

// The launcher: its pid (0 when none runs), set by the launcher itself.
void set_launcher_pid(pid_t pid);
pid_t launcher_pid();

// Databases whose CREATE EXTENSION (or ALTER EXTENSION UPDATE) committed since the launcher last
// looked: it checks them again at once. take_probe_requests() empties the queue; `all` is set
// when requests were lost to a full queue (then every database is checked again).
void request_probe(Oid dboid);
std::vector<Oid> take_probe_requests(bool& all);

// Databases the launcher could not start a scheduler for (no free background worker), as it last
// found them; `more` when the list was cut.
void set_starved(const std::vector<Oid>& dboids);
bool is_starved(Oid dboid, bool& more);

// From the install and upgrade scripts: at commit, asks the launcher to serve this database.
void on_extension_installed();

}  // namespace pmx::worker

}  // namespace pmx
