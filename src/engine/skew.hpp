// Skew measurement of a bucket set, shared by analyze_partition_skew, the partition_distribution
// view and rebalancing_recommendations.
#pragma once

#include "engine/buckets.hpp"

#include <optional>
#include <string>
#include <vector>

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
    core::SkewResult result;                   // over the non-default partitions, in order
    core::SkewStatus status() const;           // worst of the buckets and the default partition
};

// Measures one set: estimates (pg_class.reltuples) or exact counts (one GROUP BY tableoid scan).
SetSkew measure_set(const BucketSet& set, bool exact, bool with_bytes);

// The sets named by argument 0 (one parent, registered or not) or all registered bucket sets.
std::vector<BucketSet> sets_for(std::optional<Oid> parent);

// "%.17g"
std::string fmt_double(double v);

}  // namespace pg
