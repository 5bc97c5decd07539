// Skew measurement of a bucket set, shared by analyze_partition_skew, the partition_distribution
// view and rebalancing_recommendations.
#pragma once

#include "engine/buckets.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

struct SetSkew {
    BucketSet set;
    bool exact = false;
    std::vector<BucketPartition> parts;        // every partition, the default one included
    std::vector<std::optional<int64_t>> rows;  // per part: rows (nullopt = unknown)
    std::vector<std::optional<int64_t>> bytes; // per part: pg_total_relation_size summed over leaves (nullopt: unknown)
    int default_index = -1;                    // index into parts of the DEFAULT partition
    core::SkewStatus default_status = core::SkewStatus::Healthy;  // CRITICAL when it holds rows
    int unanalyzed = 0;                        // leaves whose row count is unknown
    std::string no_profile;                    // why the key sizes are unknown ("" = known or not needed)
    core::SkewResult result;                   // over the non-default partitions, in order
    core::SkewStatus status() const;           // worst of the buckets and the default partition
};

// Measures one set: row counts from estimates (pg_class.reltuples) or exact counts, then the key
// profile (keyprofile.cpp) and the skew math (core/skew.hpp).
SetSkew measure_set(const BucketSet& set, bool exact, bool with_bytes);

// The key sizes of the non-default partitions `buckets` (with their current row counts), from the
// first source that covers them all: key_statistics_partitions ("exact" when no leaf was written
// since it was counted, else "key statistics"), the planner statistics of the key column ("key
// statistics"), a TABLESAMPLE of the set ("sample"; "exact" when the sample is the whole set; only
// when counts_exact or the set is small).
// Unknown (empty profile) when none is readable by the caller; `why` then says why.
core::KeyProfile key_profile(const BucketSet& set, const std::vector<BucketPartition>& buckets,
                             const std::vector<int64_t>& rows, bool counts_exact, std::string& why);

// The sets named by argument 0 (one parent, registered or not) or all registered bucket sets.
std::vector<BucketSet> sets_for(std::optional<Oid> parent);

// "%.17g"
std::string fmt_double(double v);

}  // namespace pg

}  // namespace pmx
