// Emptying the default partition in batches (issue 10 item 2; docs/data-movement.md).
//
// One range at a time: the table that becomes its partition is created standalone (shaped like
// the parent, with a CHECK matching the range), rows of the range move into it from the default
// partition in batches of about batch_size rows, each batch one statement (a row is in exactly
// one of the two tables at every commit), and the final step attaches it (engine/attach.hpp).
// Callers that may commit (the procedure empty_default_partition_proc and the scheduler) run each
// step in a transaction of its own, so between batches nothing is locked. The state lives in
// partman_ext.data_movement, so a crash or cancel between or inside batches loses nothing and the
// next step resumes where the last committed one ended. While a range moves, the rows already
// moved are in the table being filled, not yet visible through the parent (partman_ext.progress
// shows it); the function empty_default_partition() moves everything in one transaction instead.
#pragma once

#include "core/kinds.hpp"
#include "engine/sets.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

// What one step did (or, in a plan, would do / leaves).
struct RelocateRow {
    core::RelocateAction action = core::RelocateAction::nothing_to_do;  // in a plan: would_relocate, stays
    std::string partition;
    std::optional<std::string> lower, upper;
    int64_t rows = 0;
    std::string message;
    std::optional<std::string> sqlstate;
};

struct RelocateStep {
    bool done = false;  // nothing more to do now (the last row says why)
    RelocateRow row;
    int64_t movement = 0;
};

// One transaction's share for a set: the next batch (or the final step) of its range in
// progress, or the start of the next range. all_ranges: every range that a partition can hold
// (the procedure, like empty_default_partition()); otherwise only ranges that retention keeps,
// from the oldest up to premake (the scheduler). Runs under the set's advisory lock (polled within
// its lock_timeout) as the parent's owner. batch_size 0: partman_ext.batch_size.
RelocateStep relocate_step(const SetConfig& cfg, int64_t batch_size, bool all_ranges);

// Ranges of the set being relocated now count as covered for planning (maintenance never creates
// a partition over a range whose table is being filled).
void add_relocating_ranges(const SetRuntime& rt, core::PlanInput& in);

// The dry run: each range that would move ('would relocate', rows counted) and what stays in the
// default partition and why ('stays').
std::vector<RelocateRow> relocate_plan(const SetConfig& cfg, bool all_ranges);

}  // namespace pg

}  // namespace pmx
