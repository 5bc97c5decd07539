// partman_ext.forget_dropped_sets(): the sql_drop event trigger that removes the configuration of
// a dropped parent. Retention's own DROP TABLE of a plain partition (which can never be a
// registered parent) skips the lookup, so retention costs no more per partition than DROP TABLE.
#include "pg/checks.hpp"
#include "pg/ddl.hpp"
#include "pg/spi.hpp"

extern "C" {
#include "commands/event_trigger.h"
}

extern "C" {
PG_FUNCTION_INFO_V1(partman_forget_dropped_sets);
Datum partman_forget_dropped_sets(PG_FUNCTION_ARGS);
}

namespace pg {

static bool dropping_plain_partition = false;

PlainPartitionDrop::PlainPartitionDrop() { dropping_plain_partition = true; }
PlainPartitionDrop::~PlainPartitionDrop() { dropping_plain_partition = false; }

static Datum forget_dropped_sets(FunctionCallInfo fcinfo) {
    if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
        throw UserError(ERRCODE_E_R_I_E_EVENT_TRIGGER_PROTOCOL_VIOLATED, "forget_dropped_sets() is an event trigger",
                        "It runs on sql_drop and cannot be called directly.", "Do not call it.");
    if (dropping_plain_partition) return (Datum)0;
    Spi spi;
    AsUser ext(extension_owner());
    query_cached(
        "DELETE FROM partman_ext.part_config c USING pg_catalog.pg_event_trigger_dropped_objects() d "
        "WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.parent_table::pg_catalog.oid");
    return (Datum)0;
}

}  // namespace pg

Datum partman_forget_dropped_sets(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::forget_dropped_sets(fcinfo); }); }
