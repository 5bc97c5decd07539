// Ranges on demand and a change of interval (issue 10 item 4; docs/data-movement.md).
#pragma once

#include "engine/sets.hpp"

#include <cstdint>
#include <string>
#include <utility>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

// [from, to) in set units from the text of create_partitions(parent, from, to): a value of the
// key type ('2024-03-15 12:00+01', 1000), or for time sets a month 'YYYY-MM' or a year 'YYYY' in
// the set's time zone, which as `to` means its end ('2024-12' includes December). Throws 22023.
std::pair<int64_t, int64_t> requested_range(const SetRuntime& rt, const std::string& from, const std::string& to);

// update_partition_set(parent, partition_interval => ...): the set's interval becomes `text` for
// partitions created from now on; existing partitions keep their bounds and the grid continues
// from the upper bound of the highest partition (the new anchor). Validates like registration
// (22023: a bad interval, a monthly grid that would not start on the 1st, premake beyond the key
// type) and stores interval and anchor. Run as the extension owner inside.
void change_partition_interval(const SetConfig& cfg, const std::string& text);

}  // namespace pg

}  // namespace pmx
