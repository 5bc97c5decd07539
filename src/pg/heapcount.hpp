// Exact row counts of plain heap tables without the executor (analyze_partition_skew(exact => true),
// src/engine/skew.cpp). The rows a sequential scan would return, found the way it finds them:
// every page read through shared buffers (heapgetpage: page pruning, per-tuple visibility under
// one MVCC snapshot unless the page is all-visible, serializable conflict checks), counted per
// page instead of being handed one by one to an executor that then counts them.
#pragma once

extern "C" {
#include "postgres.h"
}

#include <cstdint>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

// Rows of each relation of `rels` visible to one snapshot, the calling statement's (the active
// snapshot: taken when the statement started in READ COMMITTED, the transaction's in REPEATABLE
// READ and SERIALIZABLE), as SELECT count(*) FROM rel run by that statement would return them. Each relation is locked in ACCESS SHARE mode until
// the end of the transaction, like a query's. A relation dropped meanwhile counts 0. Returns false
// (and leaves `out` unspecified) when one of them is not a plain heap table this backend may scan
// (another table access method, a foreign table, another session's temporary table): then count
// with SQL. Privileges and row-level security are the caller's business.
bool heap_row_counts(const std::vector<Oid>& rels, std::vector<int64_t>& out);

}  // namespace pg

}  // namespace pmx
