// Partition set configuration (partman_ext.part_config) and the runtime view of one set:
// its interval, anchor, value mapping and catalog state.
#pragma once

#include "core/interval.hpp"
#include "core/kinds.hpp"
#include "core/planner.hpp"
#include "pg/catalog.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

struct SetConfig {
    Oid parent = InvalidOid;
    std::string parent_text;  // as regclass prints it
    std::string control;
    core::Strategy strategy = core::Strategy::time;
    std::optional<std::string> interval_text, anchor_text;  // as stored
    // Parsed when the row is read (load_set): the partition interval (open_set also requires whole
    // days or months for a date key) and the anchor (anchor_text, or the interval's default
    // anchor). nullopt when the stored text does not parse; open_set then reports why.
    std::optional<core::Interval> interval;
    std::optional<int64_t> anchor;
    int premake = 4;
    std::optional<std::string> retention;
    core::RetentionMode retention_mode = core::RetentionMode::drop;
    std::optional<std::string> archive_schema;
    bool default_partition = true;
    std::string time_zone = "UTC";
    std::optional<int64_t> lock_timeout_ms;  // nullopt: partman_ext.lock_timeout
    bool enabled = true;
    // Destructive retention waits until this instant (TimestampTz): the next regular maintenance
    // run after registration or after retention changed (see schedule.hpp). nullopt: no wait.
    std::optional<int64_t> retention_not_before;
    // Template of new partitions' names (core::Naming); nullopt: the default <parent>_p... names.
    std::optional<std::string> naming;
};

// Loads the configuration of one set (nullopt when not registered) or of all sets. Each row is
// read (from a fresh snapshot) every time, but parsed into its typed value once per transaction
// and row version (set_cache.hpp).
std::optional<SetConfig> load_set(Oid parent);
std::vector<SetConfig> load_sets();

// A set ready to be planned: interval, anchor and mapping resolved, catalog read (parent locked
// with AccessShareLock).
struct SetRuntime {
    SetConfig cfg;
    core::Interval interval;
    int64_t anchor = 0;
    ValueMap map;
    ParentInfo parent;
    int64_t lock_timeout_ms = 2000;
};

// Builds the runtime view of a time or integer set. Throws UserError for bucket sets.
SetRuntime open_set(const SetConfig& cfg);

// Parsing and validation shared by registration and updates; each throws UserError with
// SQLSTATE, DETAIL and HINT.
core::Interval parse_time_interval(const std::string& text, bool date_column, const char* what);
int64_t parse_positive_int(const std::string& text, const char* what);
void validate_retention(core::Strategy strategy, const std::string& text);
void check_premake(int premake);
int64_t check_lock_timeout(Datum interval);  // returns milliseconds
void validate_mode(const std::string& mode, const std::optional<std::string>& archive_schema);
void validate_time_zone(const std::string& tz);
int64_t interval_ms(Datum interval);

// The range of time bounds partman_ext creates partitions for: PostgreSQL's timestamp range, a day
// inside each end (ValueMap::representable), as it reads in messages.
constexpr const char* kTimeBoundRange = "4713 BC to 294276 AD";

// [lo, hi) of a slot in set units when both bounds exist in the key type (time partitions within
// kTimeBoundRange; integer bounds must fit the column's type); nullopt otherwise.
std::optional<std::pair<int64_t, int64_t>> slot_bounds(const core::Interval& iv, int64_t anchor, const ValueMap& map,
                                                       int64_t slot);

// "Now" for validation: the product clock for time sets; for integer sets (no clock, no table
// scan) the lower bound of the highest bounded partition, or the anchor.
int64_t planning_now(const ParentInfo& info, const ValueMap& map, bool integer, int64_t anchor);

// Throws 22023 with a HINT when the partitions premake asks for can never exist: a bound of the
// current interval through current + premake lies beyond the key type (or partman_ext's time
// range), e.g. premake => 8000 on a yearly set or partition_interval '178000000 years'. Shared by
// register_partition_set, update_partition_set and create_future_partitions.
void check_reachable(const core::Interval& iv, int64_t anchor, const ValueMap& map, int64_t now_units, int premake,
                     const std::string& shown);

// Anchor text in part_config: "YYYY-MM-DD HH:MM:SS" local time for time sets, the number for integer sets.
std::string anchor_to_text(const SetRuntime& rt, int64_t anchor);
std::string anchor_to_text(bool integer, int64_t anchor);

// Partition coverage in slots (floor of the lower bound, ceiling of the upper).
struct SlotRange {
    int64_t lo, hi;
    bool lo_open, hi_open;
};
SlotRange slots_of(const SetRuntime& rt, const PartitionInfo& p);

// The planner's input for a set: its partitions' coverage, the current slot (the slot of
// now_units), premake and where retention starts.
core::PlanInput plan_input(const SetRuntime& rt, int64_t now_units, int premake,
                           const std::optional<std::string>& retention);

// True when units is a slot boundary (also when DST moved that boundary's instant).
bool on_grid(const core::Interval& iv, int64_t anchor, const ValueMap& map, int64_t units);
// The anchor for a set from its existing partitions (lowest lower bound, snapped to a month or
// midnight), or the default anchor when there are none.
int64_t adopt_anchor(const ParentInfo& info, const core::Interval& iv, const ValueMap& map);
// Throws 22023 naming the first partition whose bounds are not on the set's grid.
void check_alignment(const ParentInfo& info, const core::Interval& iv, int64_t anchor, const ValueMap& map);

}  // namespace pg

}  // namespace pmx
