// Planning what to create and what to retire (pure C++).
//
// Inputs are slot numbers (see interval.hpp): the slots already covered by existing partitions,
// the current slot ("now" for time sets, max(control) for integer sets), premake and retention.
//
// Work per run is bounded and the present comes first (issue 9):
//  * plan_creation() splits what is missing into the *present* (the current slot through
//    current + premake, always created first) and the *gap* (uncovered slots between the start of
//    coverage and the current slot). Gap fill is capped per run (partman_ext.max_gap_fill); it
//    lists the gap slots nearest to the present first and only counts the rest, however many.
//  * LockBudget caps the partitions one transaction creates or drops so that it never holds more
//    locks than its limit (the PostgreSQL layer derives it from max_locks_per_transaction); the
//    caller continues in a new transaction.
#pragma once

#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <optional>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace core {

// The lists planning builds for one set (its partitions, slots to create, partitions to retire):
// a set rarely has more than a few dozen partitions, so they live inline, without a heap
// allocation, up to 32 elements (measured: test/bench/core/run.sh, docs/benchmarks.md).
template <typename T>
using SetList = boost::container::small_vector<T, 32>;

// An existing partition's coverage in slots, [lo, hi). Unbounded ends (MINVALUE / MAXVALUE) are
// represented by lo_open / hi_open.
struct Coverage {
    int64_t lo = 0, hi = 0;
    bool lo_open = false, hi_open = false;
};

struct PlanInput {
    SetList<Coverage> existing;  // non-default partitions
    int64_t current = 0;                          // slot holding "now"
    int premake = 4;                               // slots ahead of current to keep ready
    std::optional<int64_t> keep_from;              // first slot retention keeps (none = keep all)
};

// True when an existing partition covers slot.
bool is_covered(const SetList<Coverage>& existing, int64_t slot);

// What to create, present first.
struct CreatePlan {
    // Uncovered slots from current through current + premake, ascending.
    SetList<int64_t> present;
    // Uncovered slots before current (from the start of coverage: the lowest existing partition,
    // or keep_from when retention starts later), nearest to current first; at most gap_limit.
    SetList<int64_t> gap;
    // Uncovered slots before current that are not in `gap` (left for later runs), counted without
    // listing them (saturates at INT64_MAX), and the lowest and highest of them.
    int64_t gap_left = 0;
    int64_t gap_left_lo = 0, gap_left_hi = 0;
};
CreatePlan plan_creation(const PlanInput& in, int64_t gap_limit);

// Every slot to create, ascending: the present and the whole gap (plan_creation without a cap).
// Never a slot that retention would remove at once. For small inputs and tests.
SetList<int64_t> slots_to_create(const PlanInput& in);

// Indexes (into in.existing) of partitions retention removes: those ending at or before keep_from.
// Never one open at the top (TO MAXVALUE) and never the one that holds the current slot; one open
// at the bottom (FROM MINVALUE) that ends before keep_from is removed. Ascending by lo.
SetList<size_t> partitions_to_retire(const PlanInput& in);

// Number of slots covered after `current` (the future coverage; health checks compare it with premake).
int64_t future_slots_covered(const PlanInput& in);

// Locks one new (or dropped) partition takes until the end of its transaction, estimated from its
// parent: the table and its row type, TOAST table and index, each index (the index and a lock its
// build takes) and each constraint. Measured on PostgreSQL 15 it errs on the high side.
int64_t locks_per_partition(int64_t indexes, int64_t constraints, bool toastable);

// How many partitions one transaction may still create or drop without holding more than `limit`
// locks: (limit - held - reserve) / per_partition. The first partition of a call is always allowed
// while the transaction holds at most half of the limit (a parent with so many indexes that one
// partition needs more than the budget still makes progress, one partition per transaction).
class LockBudget {
public:
    LockBudget(int64_t limit, int64_t held, int64_t per_partition, int64_t reserve = 8);
    // Takes the locks of one partition; false (and nothing taken) when the budget is used up.
    bool take();
    int64_t taken() const { return taken_; }
    int64_t limit() const { return max_; }
    int64_t held() const { return held_; }
    int64_t per_partition() const { return per_; }

private:
    int64_t max_, held_, per_, reserve_;
    int64_t taken_ = 0;
};

}  // namespace core

}  // namespace pmx
