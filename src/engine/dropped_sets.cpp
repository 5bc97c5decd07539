// Forgetting sets whose parent was dropped (see dropped_sets.hpp).
#include "engine/dropped_sets.hpp"

#include "engine/ddl.hpp"
#include "pg/catalog.hpp"
#include "pg/spi.hpp"

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

static bool dropping_plain_partition = false;

PlainPartitionDrop::PlainPartitionDrop() { dropping_plain_partition = true; }
PlainPartitionDrop::~PlainPartitionDrop() { dropping_plain_partition = false; }

void forget_dropped_sets() {
    if (dropping_plain_partition) return;
    Spi spi;
    AsUser ext(extension_owner());
    query_cached(
        "DELETE FROM partman_ext.part_config c USING pg_catalog.pg_event_trigger_dropped_objects() d "
        "WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.parent_table::pg_catalog.oid");
}

}  // namespace pg

}  // namespace pmx
