// partman_ext.forget_dropped_sets(): the sql_drop event trigger that removes the configuration of
// a dropped parent (the work: src/engine/dropped_sets.cpp).
#include "engine/dropped_sets.hpp"
#include "pg/spi.hpp"

extern "C" {
#include "commands/event_trigger.h"
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

PMX_FUNCTION(partman_forget_dropped_sets);

Datum partman_forget_dropped_sets(PG_FUNCTION_ARGS) {
    return pg::entry([&] {
        if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
            throw pg::UserError(ERRCODE_E_R_I_E_EVENT_TRIGGER_PROTOCOL_VIOLATED,
                                "forget_dropped_sets() is an event trigger",
                                "It runs on sql_drop and cannot be called directly.", "Do not call it.");
        pg::forget_dropped_sets();
        return (Datum)0;
    });
}

}  // namespace pmx
