// partman_ext.clock(): the product's "now" (pmx::clock_now, src/pg/settings.hpp).
#include "pg/guard.hpp"
#include "pg/settings.hpp"

extern "C" {
#include "utils/timestamp.h"
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

PMX_FUNCTION(partman_clock);

Datum partman_clock(PG_FUNCTION_ARGS) {
    (void)fcinfo;
    PG_RETURN_TIMESTAMPTZ(pmx::clock_now());
}

}  // namespace pmx
