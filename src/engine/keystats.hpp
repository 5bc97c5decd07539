// Key statistics of bucket sets (keystats.cpp): what refresh_key_statistics and the key profile
// of the skew test (keyprofile.cpp) share.
#pragma once

#include "engine/buckets.hpp"
#include "pg/srf.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

// Write counters (pg_stat n_tup_ins/upd/del) summed over a partition's leaves, and the storage
// (relfilenode) of each leaf: a partition whose figures are unchanged has not been written to.
struct PartitionWrites {
    int64_t ins = 0, upd = 0, del = 0;
    std::string storage;  // "{relfilenode,...}" in leaf oid order
    bool operator==(const PartitionWrites& o) const { return ins == o.ins && upd == o.upd && del == o.del && storage == o.storage; }
};
std::vector<PartitionWrites> partition_writes(const std::vector<BucketPartition>& parts);

// "{1,2,3}" -> {1, 2, 3}
std::vector<int64_t> parse_int_array(const std::string& text);

// What refresh_key_statistics() was asked for: the value and time columns to keep per key
// (nullopt = keep the set's, "" = none) and whether to count every partition again.
struct KeyStatsOptions {
    std::optional<std::string> value, time;
    bool full = false;
};

// Refreshes the key statistics of one registered bucket set (the caller must own it; 42704 when
// it is not registered) or, parent nullopt, of every registered bucket set the caller may
// maintain. One row per set: parent, partitions, partitions counted again, keys, rows counted,
// duration (ms) — the columns of refresh_key_statistics().
std::vector<TextRow> refresh_key_statistics(std::optional<Oid> parent, const KeyStatsOptions& opt);

}  // namespace pg

}  // namespace pmx
