// The gap fill maintenance still has to do, per set, from the catalog only (no table is read, no
// lock is waited for): partman_ext.gap_fill_status(), read by the GAP_FILL_PENDING health alert.
#pragma once

#include "pg/guard.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

// A set with uncovered intervals between the start of its coverage and now.
struct GapFillStatus {
    std::string parent;
    Oid parent_oid = InvalidOid;
    int64_t missing = 0;                     // partitions gap fill still has to create
    std::optional<std::string> from, to;     // the gap's first lower and last upper bound
    int64_t per_run = 0;                     // partman_ext.max_gap_fill
    std::optional<int64_t> runs;             // maintenance runs needed (nullopt: gap fill is off)
};

// One set (throws 42704 when it is not registered) or every registered set. A set that is locked
// now, or cannot be read (dropped, no longer partitioned, bounds out of range), has no row.
std::vector<GapFillStatus> gap_fill_status(std::optional<Oid> parent);

}  // namespace pg

}  // namespace pmx
