// Module entry: PG_MODULE_MAGIC and _PG_init (settings, and the background worker when preloaded).
#include "pg/guard.hpp"
#include "pg/settings.hpp"

extern "C" {
PG_MODULE_MAGIC;
void _PG_init(void);
}

extern "C" void _PG_init(void) {
    pmx::define_settings();
}
