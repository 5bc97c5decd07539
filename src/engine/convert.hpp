// Converting a plain table into a partition set online, and back (issue 10 item 3;
// docs/data-movement.md).
//
// partition_table: a partitioned table shaped like the source (columns, defaults, constraints,
// indexes with the control column added to unique keys that lack it, foreign keys, grants, owner)
// is created beside it with the partitions its rows need, and registered (disabled) as a partition
// set. A trigger on the source mirrors every write into it (partman_ext._sync_row), and the rows
// already there are copied in batches in the order of a unique key (each batch its own
// transaction: SELECT .. FOR SHARE, INSERT .. ON CONFLICT DO NOTHING), so the application keeps
// reading and writing the source, which stays complete. When the copy is done and the two tables
// hold the same number of rows, one short transaction (ACCESS EXCLUSIVE on both, polled within
// lock_timeout and retried) renames the source away (<name>_old), gives the new table its name,
// its index and constraint names, the ownership of serial sequences and the value of identity
// ones, points dependent views at it (CREATE OR REPLACE VIEW), creates the user's triggers on it
// and enables the set. The old table stays (drop_source => true drops it).
//
// undo_partition_table: the same the other way round, from a partitioned parent into a new
// plain table (maintenance of the set paused while it copies; unregistered at the swap).
//
// The state is one partman_ext.data_movement row, so a crash or cancel loses nothing: calling the
// same function or procedure again (or the scheduler) resumes where the last batch committed.
#pragma once

#include "core/kinds.hpp"
#include "pg/guard.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

struct ConvertRequest {
    Oid source = InvalidOid;                  // partition_table: the plain table; undo: the parent
    std::string control, interval_text;       // partition_table
    int premake = 4;
    std::optional<std::string> retention, archive_schema;
    std::string retention_mode = "drop", time_zone = "UTC";
    bool default_partition = true;
    std::optional<int64_t> lock_timeout_ms;
    int64_t batch_size = 0;                   // 0: partman_ext.batch_size
    bool drop_source = false;                 // drop the old table after the swap
};

// One line of what a conversion does or would do.
struct ConvertRow {
    std::string step;     // check, key, create, partitions, sync, copy, swap
    std::string object;   // the table, index, view, ... concerned
    core::ConvertAction action = core::ConvertAction::ok;
    int64_t rows = 0;
    std::string message;
};

// The dry run: everything the conversion would do, and what stops it (action 'blocked').
std::vector<ConvertRow> plan_partition_table(const ConvertRequest& r);
std::vector<ConvertRow> plan_undo_partition_table(const ConvertRequest& r);

// Starts it in the caller's transaction (target, partitions, sync trigger, state row) and returns
// the movement; an existing movement of the same source is returned as it is (resume). Throws
// UserError (0A000 and the blockers in DETAIL) when it cannot be done.
int64_t start_partition_table(const ConvertRequest& r, std::vector<ConvertRow>& rows);
int64_t start_undo_partition_table(const ConvertRequest& r, std::vector<ConvertRow>& rows);

// One transaction's share of a conversion: a batch of the copy, or the swap. done: finished.
struct ConvertStep {
    bool done = false;
    core::ConvertAction action = core::ConvertAction::waiting;  // partitions, copied, verified, swapped, done, abandoned
    int64_t rows = 0;
    std::string message;
};
ConvertStep conversion_step(int64_t movement, int64_t batch_size);

// The movement of a source table (partition_table) or parent (undo), if one is in progress.
std::optional<int64_t> conversion_of(Oid table);

}  // namespace pg

}  // namespace pmx
