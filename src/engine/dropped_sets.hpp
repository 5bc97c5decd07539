// Forgetting sets whose parent was dropped (the sql_drop event trigger forget_dropped_sets()).
#pragma once

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

// Deletes the part_config rows of the parents this DROP removed (pg_event_trigger_dropped_objects),
// as the extension owner. Skipped while retention drops a plain partition (PlainPartitionDrop,
// ddl.hpp): such a table can never be a registered parent, so retention costs no more per
// partition than DROP TABLE.
void forget_dropped_sets();

}  // namespace pg

}  // namespace pmx
