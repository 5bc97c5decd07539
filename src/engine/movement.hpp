// The state of a data movement that spans transactions (partman_ext.data_movement): relocating a
// range of the default partition in batches, converting a plain table into a partition set
// (partition_table) and back (undo_partition_table). One row per movement in progress, updated
// in the transaction of each batch, so that a crash or cancel leaves a row that says exactly
// where to go on; removed (and a maintenance_log row written) when the movement is done.
// Read and written as the extension owner (the table is not PUBLIC).
#pragma once

#include "pg/spi.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

struct Movement {
    int64_t id = 0;
    std::string kind;  // relocate / partition_table / undo_partition_table
    Oid parent = InvalidOid, source = InvalidOid, target = InvalidOid;
    Oid owner = InvalidOid;  // the role that does the work (the source's owner)
    std::optional<int64_t> lo, hi;            // relocate: the range in set units
    std::optional<std::string> lower, upper;  // relocate: the range as people read it
    std::vector<std::string> key_columns;     // conversions: the key rows are copied in order of
    std::vector<std::optional<std::string>> last_key;  // conversions: last key copied (empty: none yet)
    int64_t next_block = 0;                   // relocate: next block of the source to read
    std::string phase = "copy";               // copy / swap
    int64_t batch_size = 0;                   // 0: partman_ext.batch_size
    int64_t rows_done = 0, rows_estimated = -1, batches = 0;
    std::string options = "{}";               // jsonb text: the call's options (partition_table)
    std::string message;                      // last problem, if any
};

// The movement of that kind on that parent (relocate, undo) or source (partition_table).
std::optional<Movement> find_movement(const std::string& kind, Oid parent, Oid source = InvalidOid);
std::optional<Movement> load_movement(int64_t id);
// Every movement in progress (for the scheduler), oldest first.
std::vector<int64_t> movement_ids(const std::optional<std::string>& kind = std::nullopt);
int64_t insert_movement(const Movement& m);
// Saves rows_done, rows_estimated, batches, next_block, last_key, phase, message, target.
void save_movement(const Movement& m);
void delete_movement(int64_t id);

// A maintenance_log row for a movement's step (operation e.g. 'relocate_default').
void log_movement(const std::string& operation, const std::string& parent, const std::string& partition, bool ok,
                  const std::optional<std::string>& sqlstate, const std::string& message, int64_t rows, double ms);

}  // namespace pg

}  // namespace pmx
