// Catalog reads for the monitoring views (sql/install/50_monitoring.sql) that never wait for a lock:
// monitoring must keep answering while maintenance or an application holds a table.
// Each takes AccessShareLock only if it is free at once; a relation locked by another session is
// skipped. rel_sizes releases it at once (one per partition); partition_bounds keeps it to the
// end of the transaction (one per set).
#pragma once

#include "pg/guard.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

// One partition of a set, bounds as the key type prints them (MINVALUE / MAXVALUE when open;
// nullopt unless single-column RANGE, and for the default partition).
struct BoundRow {
    Oid parent = InvalidOid, partition = InvalidOid;
    bool is_default = false;
    std::optional<std::string> lower, upper;
};

// Bounds of every partition of each parent, from the relcache partition descriptor through
// read_parent (never partition names, never relpartbound text). A parent that is locked, gone or
// no longer partitioned has no rows.
std::vector<BoundRow> partition_bounds(const std::vector<Oid>& parents);

// heap_bytes (pg_relation_size, main fork), total_bytes (pg_table_size + pg_indexes_size, =
// pg_total_relation_size) and index_bytes (pg_indexes_size); nullopt when the relation is locked
// by another session or gone.
struct RelSizes {
    int64_t heap = 0, total = 0, index = 0;
};
std::optional<RelSizes> rel_sizes(Oid relid);

}  // namespace pg

}  // namespace pmx
