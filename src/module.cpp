// Where the extension starts: PG_MODULE_MAGIC and _PG_init (settings, the error boundary's
// transaction callbacks, hooks, and the background worker when preloaded).
#include "engine/rowmove.hpp"
#include "pg/guard.hpp"
#include "pg/progress.hpp"
#include "pg/settings.hpp"
#include "worker/shared.hpp"

extern "C" {
#include "miscadmin.h"
PG_MODULE_MAGIC;
PGDLLEXPORT void _PG_init(void);
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

extern "C" PGDLLEXPORT void _PG_init(void) {
    pmx::define_settings();
    pg::register_boundary_callbacks();
    pg::define_movement_settings();
    pmx::worker::register_hooks();
    if (process_shared_preload_libraries_in_progress) pg::progress::request_shared_memory();
}

}  // namespace pmx
