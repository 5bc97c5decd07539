// Where the extension starts: PG_MODULE_MAGIC and _PG_init (settings, the error boundary's
// transaction callbacks, hooks, and the background worker when preloaded).
#include "pg/guard.hpp"
#include "pg/settings.hpp"
#include "worker/shared.hpp"

extern "C" {
#include "miscadmin.h"
PG_MODULE_MAGIC;
PGDLLEXPORT void _PG_init(void);
}

extern "C" void _PG_init(void) {
    pmx::define_settings();
    pg::register_boundary_callbacks();
    pmx::worker::register_hooks();
}
