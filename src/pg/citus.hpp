// Citus tables (issue 13; docs/citus.md). On a Citus coordinator the partitions of a distributed
// parent are empty shells: rows live in shards on the worker nodes. Every storage question
// (emptiness, row estimates, bytes) about such a relation is asked of its shards instead.
// Citus is optional and never linked: a relation is a Citus table when the citus extension is
// installed in this database and pg_catalog.pg_dist_partition (read through the catalog, by
// name) has a row for it; figures come from partman_ext._citus_stats() (sql/install/45_citus.sql).
#pragma once

#include "pg/guard.hpp"
#include "pg/spi.hpp"

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

// True when the citus extension is installed in the current database.
bool citus_installed();

// True when relid is a Citus table (distributed, single-shard or Citus local): a row in
// pg_dist_partition. False without Citus.
bool is_citus_table(Oid relid);

// Figures of a Citus table summed over its shards; nullopt when unknown (a shard never
// analyzed, created by a transaction still open, or held in ACCESS EXCLUSIVE mode).
struct ShardFigures {
    std::optional<int64_t> est_rows;    // each shard's reltuples scaled to its size (as _row_estimate)
    std::optional<int64_t> heap_bytes;  // main forks of every placement
    std::optional<int64_t> total_bytes; // tables, TOAST and indexes of every placement
};

// Figures of one Citus table. When it is a partition, the figures of all its siblings are read in
// the same round trip and kept for the rest of the statement (list_partitions, retention rows)
// until the transaction writes anything.
ShardFigures citus_figures(Oid relid);

// True when every shard of a Citus table was read and none has a block (certainly empty; read
// now, never from the statement's cache).
bool citus_has_no_blocks(Oid relid);

// Exact row counts of Citus partitions: one count(*) per partition, all in one statement (as the
// current user). tableoid names shards, not partitions, in rows read from a Citus table.
std::unordered_map<Oid, int64_t> citus_exact_counts(const std::vector<Oid>& leaves);

// Sets citus.multi_shard_modify_mode = sequential (one connection per node) in guc's scope when
// parent is a Citus table. Citus must run the DDL and row moves of a table with a foreign key to
// a reference table (or a Citus local table) that way, and can only switch before the
// transaction's first parallel query: otherwise creating a partition inside a transaction block
// ends in "canceling the transaction since it was involved in a distributed deadlock" (its own
// advice: SET LOCAL citus.multi_shard_modify_mode TO 'sequential'). partman_ext does so for every
// Citus set, so that a transaction maintaining several sets never runs a parallel query before
// the set that needs it (measured: no slower for row moves, about a quarter slower for
// partition DDL; docs/citus.md).
void citus_sequential_mode(GucScope& guc, Oid parent);

}  // namespace pg

}  // namespace pmx
