// Module entry: PG_MODULE_MAGIC and _PG_init (settings, and the background worker when preloaded).
#include "pg/guard.hpp"
#include "pg/settings.hpp"
#include "worker/shared.hpp"

extern "C" {
#include "miscadmin.h"
PG_MODULE_MAGIC;
void _PG_init(void);
}

extern "C" void _PG_init(void) {
    pmx::define_settings();
    if (process_shared_preload_libraries_in_progress) pmx::worker::register_at_preload();
}
