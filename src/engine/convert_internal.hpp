// Shared by convert.cpp and convert_step.cpp (not for other callers).
#pragma once

#include "engine/movement.hpp"

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

// partition_table: makes sure the new set has its default partition (with the source's storage
// parameters) and the partitions of [lo, hi) the movement recorded, named after the source.
// False when the transaction's lock budget left some for the next step. Throws on a failure.
bool ensure_target_partitions(const Movement& m);

}  // namespace pg

}  // namespace pmx
