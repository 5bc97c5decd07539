// Module entry: PG_MODULE_MAGIC and _PG_init (settings, hooks, and the background worker when preloaded).
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
    pmx::worker::register_hooks();
}
