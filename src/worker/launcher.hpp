// The launcher: one static background worker, connected to no database (shared catalogs only),
// that keeps one scheduler running per database where the extension is installed (narrowed by
// the optional allow-list partman_ext.databases).
#pragma once

extern "C" {
#include "postgres.h"
#include "fmgr.h"
PGDLLEXPORT void partman_ext_launcher_main(Datum arg);
PGDLLEXPORT void partman_ext_scheduler_main(Datum arg);
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace worker {

// Registers the launcher with the postmaster (from _PG_init, preload only).
void register_launcher();

// What the launcher hands a scheduler in bgw_extra.
struct SchedulerArgs {
    Oid dboid;
    Oid roleoid;
};

}  // namespace pmx::worker

}  // namespace pmx
