// The NOTICE a call that schedules retention raises (registration with a retention, a change of
// retention, retention_mode or enabled): what retention will remove, when, and how to cancel.
#pragma once

#include "engine/schedule.hpp"
#include "engine/sets.hpp"

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

// cfg is the set as stored (retention set). Plans retention with the maintenance engine's dry run
// (nothing changes) and raises one NOTICE: partitions, rows (catalog estimate), bytes, the time
// of the first run that acts, and the calls that cancel it.
void announce_retention(const SetConfig& cfg, const RegularRun& when);

}  // namespace pg

}  // namespace pmx
