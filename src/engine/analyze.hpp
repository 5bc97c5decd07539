// ANALYZE of a partition set's leaves (analyze_partitions(), and the scheduler's analyze job).
#pragma once

#include "core/kinds.hpp"
#include "pg/guard.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

// One leaf partition analyzed (or not).
struct AnalyzeRow {
    std::string parent, partition;                 // schema-qualified, quoted
    Oid parent_oid = InvalidOid, partition_oid = InvalidOid;
    std::optional<std::string> rows_before, rows_after;  // pg_class.reltuples (Citus: of the shards)
    core::AnalyzeAction action = core::AnalyzeAction::analyzed;
    std::optional<std::string> message;            // SQLSTATE: message
    std::optional<std::string> sqlstate;           // of a skipped (55P03) or failed ANALYZE; nullopt when analyzed
    std::optional<std::string> duration_ms;
};

// ANALYZE every leaf of parent now, as the parent's owner, each in a subtransaction of its own
// under the set's lock_timeout. Checks that parent is a partitioned table the caller may maintain.
std::vector<AnalyzeRow> analyze_partitions(Oid parent);

}  // namespace pg

}  // namespace pmx
