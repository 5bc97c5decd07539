// rebalancing_recommendations(parent): advice per bucket set from the skew estimates, the key
// statistics and the coverage of a LIST bucket expression (the advice itself: core/rebalance.hpp).
#pragma once

#include "pg/srf.hpp"

#include <optional>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

// One HASH/LIST parent (registered or not) or every registered bucket set: rows of
// rebalancing_recommendations() (parent, partition, advice, kind, status, skew factor, keys).
std::vector<TextRow> rebalancing_recommendations(std::optional<Oid> parent);

}  // namespace pg

}  // namespace pmx
