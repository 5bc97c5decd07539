// The settings of a set that shape names and health, not maintenance: the naming template of new
// partitions and the health thresholds (issue 11, items 4 and 5; docs/reference.md).
#pragma once

#include "core/interval.hpp"
#include "engine/sets.hpp"
#include "pg/catalog.hpp"
#include "pg/spi.hpp"

#include <optional>
#include <string>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

// The naming of a set being registered: the template passed (checked; '' = the default names),
// else the one every adopted partition's name follows (core::infer_naming), else nullopt.
std::optional<std::string> registration_naming(const std::optional<std::string>& given, const ParentInfo& info,
                                               const core::Interval& iv);

// update_partition_set's arguments from `first` on: naming, skew_warning, skew_rebalance,
// skew_critical, max_partition_bytes, max_partition_rows, max_monthly_growth,
// min_future_partitions, reset (names of settings put back to their defaults). Checks them
// against the set (22023) and stores them; does nothing when all are NULL.
void update_tuning(FunctionCallInfo fcinfo, int first, const SetConfig& cfg);

}  // namespace pg

}  // namespace pmx
