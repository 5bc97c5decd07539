// Creating partitions without blocking writes (DESIGN.md §3, §10; docs/data-movement.md).
//
// CREATE TABLE .. PARTITION OF takes ACCESS EXCLUSIVE on the parent, so every INSERT queues
// behind it while any query holds the parent. partman_ext therefore creates a standalone table
// shaped like the parent and attaches it with ALTER TABLE .. ATTACH PARTITION, which takes SHARE
// UPDATE EXCLUSIVE on the parent (reads and writes go on), ACCESS EXCLUSIVE on the new table
// (nobody else knows it yet) and ACCESS EXCLUSIVE on the default partition, which it scans to
// prove that no row of the new range is there. Rows of the range that sit in the default move
// into the new table first (a CHECK constraint matching the bound spares ATTACH its scan of the
// filled table); only the last step holds the default partition, never the parent. Every lock is
// asked for politely (locks.hpp) within the set's lock_timeout.
#pragma once

#include "engine/ddl.hpp"
#include "pg/progress.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

// " (LIKE parent INCLUDING ...)": what a standalone table shaped like the parent takes over, and
// " TABLESPACE x" when the parent names one (as CREATE TABLE .. PARTITION OF would use it).
std::string like_parent(const std::string& parent_name);
std::string tablespace_clause(Oid parent);

// Attaching a table to a parent (any strategy) under polite locks: SHARE UPDATE EXCLUSIVE on the
// parent, ACCESS EXCLUSIVE on the default partition (when there is one) and on the table. Rows
// of the bound still in the default partition (`where`, when not empty) move into the table: all
// of them first when move_first, else only when ATTACH's check finds some (then ATTACH runs
// again). Returns rows moved.
struct AttachSpec {
    Oid parent = InvalidOid;
    std::string parent_name;  // qualified, quoted
    Oid default_oid = InvalidOid;
    std::string default_name;
    Oid table = InvalidOid;   // InvalidOid: created by this transaction, which holds its lock already
    std::string table_name;   // qualified, quoted
    std::string bound;        // " FOR VALUES ..." or " DEFAULT"
    std::string columns;      // insertable columns, for moving rows (empty: read when rows must move)
    std::string where;        // rows of the bound, as SQL ("" = none can be in the default)
    int64_t lock_ms = 0;
};
int64_t attach_table(const AttachSpec& s, bool move_first, int64_t batch_size, progress::Entry* p);

// CREATE TABLE `target` shaped like the parent, not attached: columns (names, types, collations,
// NOT NULL), defaults, generated columns, CHECK constraints, column storage and compression, and
// the parent's indexes (which ATTACH then adopts instead of building them); the set's storage
// parameters, or for a sub-partitioned set the template's PARTITION BY and a copy of its
// sub-partitions; the parent's tablespace; the parent's grants. Run as the parent's owner.
void create_like_parent(SetDdlContext& ctx, const std::string& name);

// "<name>_bound": the CHECK constraint that proves a table holds only rows of [lo, hi)
// (control IS NOT NULL AND control >= lo AND control < hi), so ATTACH does not scan it.
std::string bound_check_name(const std::string& table);
void add_bound_check(const SetRuntime& rt, const std::string& qualified_table, const std::string& table, int64_t lo,
                     int64_t hi);

// The final step of filling a table for [lo, hi): politely SHARE UPDATE EXCLUSIVE on the parent
// and ACCESS EXCLUSIVE on the default partition and on the table; ATTACH PARTITION (when its
// check of the default finds rows of the range that arrived after the last move, they are moved
// and ATTACH runs again); the bound check dropped. Returns rows moved by this step.
int64_t attach_filled(const SetRuntime& rt, Oid table, const std::string& name, int64_t lo, int64_t hi,
                      const std::string& columns, int64_t batch_size, progress::Entry* p);

// create_range_partition / create_default_partition for sets that are not Citus tables.
int64_t attach_range_partition(SetDdlContext& ctx, const std::string& name, int64_t lo, int64_t hi);
void attach_default_partition(SetDdlContext& ctx, const std::string& name);

}  // namespace pg

}  // namespace pmx
