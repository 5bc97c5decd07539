// Maintenance of time and integer partition sets: premake, gap fill, retention, default partition.
#pragma once

#include "pg/sets.hpp"
#include "pg/spi.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pg {

// One action taken or planned; becomes a partman_ext.partition_action row and a log row.
struct ActionRow {
    std::string parent, partition;
    std::optional<std::string> lower, upper;
    std::optional<int64_t> est_rows, bytes;
    int64_t rows_moved = 0;
    std::string action;  // created, would create, dropped, ..., skipped, failed
    std::optional<std::string> message;
    // For the maintenance log:
    std::string operation;
    bool success = true;
    std::optional<std::string> sqlstate;
    double duration_ms = 0;
};

struct MaintenanceRequest {
    bool create = true;                          // premake and gap fill
    std::optional<int> premake;                  // overrides the set's premake
    bool retire = true;                          // apply retention
    std::optional<std::string> retention;        // overrides the set's retention (interval text or integer)
    bool ensure_default = true;                  // create the default partition when configured and missing
    bool empty_default = false;                  // move every row out of the default partition
    bool reapply_privileges = true;              // grant the parent's privileges to partitions missing them
    bool dry_run = false;
};
// Retention with the set's own retention waits for part_config.retention_not_before (rows
// 'retention pending'); a request that names its own retention (drop_old_partitions) acts at once.

// True for rows that describe a plan rather than something done ('would ...', 'retention pending').
bool is_planned(const std::string& action);

// Runs the request for one set inside its own subtransaction, under the set's lock_timeout and
// an advisory lock on the set. PostgreSQL errors never escape: a step that fails is rolled back
// and reported as 'skipped' (lock timeout, 55P03) or 'failed'; the other steps go on.
void maintain_set(const SetConfig& cfg, const MaintenanceRequest& req, std::vector<ActionRow>& out);

// Largest value of the control column in the set's bounded partitions (an integer set's "now").
std::optional<int64_t> max_control_value(const SetRuntime& rt);

// Fills the outcome of a step: `done` on success; 'skipped' (lock timeout, 55P03) or 'failed'
// with the SQLSTATE and message otherwise.
void mark_outcome(ActionRow& row, const std::optional<StepError>& err, const std::string& done);

// Writes non-dry-run rows to partman_ext.maintenance_log (as the extension owner).
void write_log(const std::vector<ActionRow>& rows, size_t from);

// The partman_ext.partition_action columns of a row, as text.
std::vector<std::optional<std::string>> action_columns(const ActionRow& r);

}  // namespace pg
