// The partitions of a set as list_partitions() shows them: bounds, figures, status and when
// retention acts on each.
#pragma once

#include "engine/sets.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

struct PartitionListRow {
    std::string parent, partition;                // schema-qualified, quoted
    Oid parent_oid = InvalidOid, partition_oid = InvalidOid;
    std::optional<std::string> lower, upper;      // as the key type prints them (-infinity / infinity as such)
    std::optional<int64_t> est_rows, bytes;       // pg_class.reltuples (nullopt: never analyzed); bytes (nullopt: unknown)
    bool is_default = false;
    std::optional<std::string> status;            // past / current / future / beyond retention / partition / bucket / default
    std::optional<int64_t> retention_at;          // TimestampTz; nullopt: never
};

// Rows of one parent (registered or not; cfg is its configuration when registered). retention_at
// is computed only when asked (the 0.1.0 definition has no such column).
std::vector<PartitionListRow> list_partitions(Oid parent, const std::optional<SetConfig>& cfg, bool with_retention_at);

}  // namespace pg

}  // namespace pmx
