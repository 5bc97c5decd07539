// Planning what to create and what to retire (pure C++).
//
// Inputs are slot numbers (see interval.hpp): the slots already covered by existing partitions,
// the current slot ("now" for time sets, max(control) for integer sets), premake and retention.
#pragma once

#include <boost/container/small_vector.hpp>
#include <boost/container/vector.hpp>
#include <cstdint>
#include <optional>

namespace core {

// An existing partition's coverage in slots, [lo, hi). Unbounded ends (MINVALUE / MAXVALUE) are
// represented by lo_open / hi_open.
struct Coverage {
    int64_t lo = 0, hi = 0;
    bool lo_open = false, hi_open = false;
};

struct PlanInput {
    boost::container::vector<Coverage> existing;  // non-default partitions
    int64_t current = 0;                          // slot holding "now"
    int premake = 4;                               // slots ahead of current to keep ready
    std::optional<int64_t> keep_from;              // first slot retention keeps (none = keep all)
};

// Slots to create, ascending: every uncovered slot from the start of coverage (the lowest existing
// partition, or current when none, or keep_from when retention starts later) through current+premake.
// Never a slot that retention would remove at once.
boost::container::vector<int64_t> slots_to_create(const PlanInput& in);

// Indexes (into in.existing) of partitions retention removes: those ending at or before keep_from.
// Never one open at the top (TO MAXVALUE) and never the one that holds the current slot; one open
// at the bottom (FROM MINVALUE) that ends before keep_from is removed. Ascending by lo.
boost::container::vector<size_t> partitions_to_retire(const PlanInput& in);

// Number of slots covered after `current` (the future coverage; health checks compare it with premake).
int64_t future_slots_covered(const PlanInput& in);

}  // namespace core
