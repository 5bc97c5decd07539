// Maintenance of time and integer partition sets: premake, gap fill, retention, default partition.
#pragma once

#include "core/kinds.hpp"
#include "engine/sets.hpp"
#include "pg/spi.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

// One action taken or planned; becomes a partman_ext.partition_action row and a log row.
struct ActionRow {
    std::string parent, partition;  // schema-qualified names (the partition's may not exist: dry run, dropped)
    Oid parent_oid = InvalidOid;     // the parent (partition_action.parent_table, maintenance_log.parent_relid)
    std::optional<std::string> lower, upper;
    std::optional<int64_t> est_rows, bytes;
    int64_t rows_moved = 0;
    core::Action action = core::Action::failed;  // every producer sets it; its text: core::to_text
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
    // Gap-fill partitions this call may create (before the current interval; the present and
    // premake are not counted). nullopt: partman_ext.max_gap_fill. A caller that continues one run
    // in several transactions passes what is left of the run's allowance.
    std::optional<int64_t> gap_fill_limit;
    // create_partitions(parent, from, to): the partitions of every interval overlapping [lo, hi)
    // (set units), also before the oldest partition and beyond premake; nothing else.
    std::optional<std::pair<int64_t, int64_t>> range;
};

// What a call of maintain_set left to do.
struct MaintenanceOutcome {
    // Gap-fill partitions created by this call (counts against the run's max_gap_fill).
    int64_t gap_created = 0;
    // True when this transaction's lock budget stopped the work (partitions to create, to drop, or
    // rows to move out of the default partition remain within this run's allowance): commit, then
    // call maintain_set again in a NEW transaction with gap_fill_limit reduced by gap_created.
    bool more_now = false;
    // Gap-fill partitions left for later runs (beyond this run's allowance).
    int64_t gap_left = 0;
};
// Retention with the set's own retention waits for part_config.retention_not_before (rows
// 'retention pending'); a request that names its own retention (drop_old_partitions) acts at once.

// Runs the request for one set inside its own subtransaction, under the set's lock_timeout and
// an advisory lock on the set; it reads the set's configuration, catalog and rows only after it
// holds that lock (a fresh snapshot), so concurrent callers behave as one. PostgreSQL errors never
// escape: a step that fails is rolled back and reported as 'skipped' (lock timeout, 55P03) or
// 'failed'; a key or slot that cannot be placed is that slot's 'skipped' row with its SQLSTATE;
// the other steps go on.
//
// Work per call is bounded: the current interval and premake are created first, then the default
// partition and retention, then at most gap_fill_limit gap-fill partitions, nearest to the present
// first; everything is capped by the transaction's lock budget (core::LockBudget: never more locks
// than max_locks_per_transaction). What is left is reported in 'deferred' rows and in the outcome.
// A caller that may commit (run_partition_maintenance_proc, the scheduler) loops:
//
//     int64_t left = pmx::max_gap_fill;
//     for (;;) {                                   // each iteration in a transaction of its own
//         req.gap_fill_limit = left;
//         MaintenanceOutcome o = maintain_set(cfg, req, rows);   // + write_log(rows, from)
//         left -= o.gap_created;
//         if (!o.more_now || made_no_progress) break;  // commit and start a new transaction otherwise
//     }
MaintenanceOutcome maintain_set(const SetConfig& cfg, const MaintenanceRequest& req, std::vector<ActionRow>& out);

// Largest value of the control column in the set's bounded partitions (an integer set's "now").
std::optional<int64_t> max_control_value(const SetRuntime& rt);

// Fills the outcome of a step: `done` on success; 'skipped' (lock timeout, 55P03) or 'failed'
// with the SQLSTATE and message otherwise.
void mark_outcome(ActionRow& row, const std::optional<StepError>& err, core::Action done);

// Writes non-dry-run rows to partman_ext.maintenance_log (as the extension owner).
void write_log(const std::vector<ActionRow>& rows, size_t from);

// The partman_ext.partition_action columns of a row, as text.
std::vector<std::optional<std::string>> action_columns(const ActionRow& r);

}  // namespace pg

}  // namespace pmx
