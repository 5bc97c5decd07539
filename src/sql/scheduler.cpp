// The scheduler's own SQL functions: scheduler_status(), _extension_installed() (install and
// upgrade scripts) and _wake_scheduler() (the part_config trigger). The scheduler itself is
// src/worker; these read and poke its shared memory.
#include "pg/guard.hpp"
#include "worker/presence.hpp"
#include "worker/shared.hpp"

extern "C" {
#include "miscadmin.h"
#include "utils/builtins.h"
}

#include <string>

namespace pmx {  // the project's one namespace (docs/architecture.md)

PMX_FUNCTION(partman_scheduler_status);
PMX_FUNCTION(partman_extension_installed);
PMX_FUNCTION(partman_wake_scheduler);

// partman_ext.scheduler_status(): running / starting / paused: .. / not running: ..
extern "C" Datum partman_scheduler_status(PG_FUNCTION_ARGS) {
    return pg::entry([&] {
        (void)fcinfo;
        std::string s = pmx::worker::presence().text();
        const char* c = s.c_str();
        return pg::call([&] { return PointerGetDatum(cstring_to_text(c)); });
    });
}

// partman_ext._extension_installed(): run by the install and upgrade scripts. At commit the
// launcher is asked to serve this database; warns now when no scheduler will. Returns whether one will.
extern "C" Datum partman_extension_installed(PG_FUNCTION_ARGS) {
    return pg::entry([&] {
        (void)fcinfo;
        pmx::worker::on_extension_installed();
        pmx::worker::warn_if_no_scheduler("CREATE EXTENSION partman_ext");
        return BoolGetDatum(pmx::worker::presence().kind != pmx::worker::Presence::Absent);
    });
}

// Wakes this database's scheduler (used by the part_config trigger so that a new set is
// maintained within a tick). Returns whether a scheduler was running.
extern "C" Datum partman_wake_scheduler(PG_FUNCTION_ARGS) {
    return pg::entry([&] {
        int slot = pmx::worker::find_slot(MyDatabaseId);
        bool running = slot >= 0 && pmx::worker::read_slot(slot).pid != 0;
        pmx::worker::wake_scheduler(MyDatabaseId);
        (void)fcinfo;
        return BoolGetDatum(running);
    });
}

}  // namespace pmx
