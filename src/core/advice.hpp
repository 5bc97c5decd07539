// The recommendation of partitioning_advice() (issue 10 item 5): which interval and premake suit a
// table, given the value range of a candidate control column, its size and its growth. Pure C++;
// the SQL function reads the figures from the catalog and the statistics views and calls
// partman_ext._advice_plan, the only place this math lives.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace core {

enum class PartitioningKey { Timestamp, Date, Integer };

struct PartitioningInput {
    PartitioningKey key = PartitioningKey::Timestamp;
    // Smallest and largest value of the column: seconds since 1970 (time keys) or the values
    // themselves (integer keys). nullopt: unknown (never analyzed).
    std::optional<double> lo, hi;
    std::optional<double> now;           // time keys: the product clock (seconds since 1970)
    double rows = 0;                     // estimated rows of the table (reltuples; < 0 means unknown)
    double bytes = 0;                    // total bytes of the table (with indexes and TOAST)
    double target_bytes = 256.0 * 1024 * 1024;  // bytes one partition should hold
    std::optional<double> rows_per_day;  // growth: rows inserted minus rows deleted per day
};

struct PartitioningAdvice {
    std::string strategy;        // "time" or "integer"
    std::string interval;        // partition_interval as partition_table reads it; "" when none fits
    int premake = 4;             // intervals created ahead
    int64_t partitions = 0;      // partitions that cover the values present (up to now for time keys)
    double bytes_per_partition = 0, rows_per_partition = 0;
    bool worth = false;          // at least two partitions of about target_bytes
    std::vector<std::string> reasons;  // plain words, in order
};

// Most partitions a recommendation may create for the values present plus premake.
constexpr int64_t kAdviceMaxPartitions = 1000;

// Throws InvalidArgument for a non-positive target_bytes, negative bytes, or hi < lo.
PartitioningAdvice advise_partitioning(const PartitioningInput& in);

// "1.5 GB", "300 MB", "12 kB", "512 bytes" (powers of 1024, as pg_size_pretty counts).
std::string human_bytes(double bytes);
// "1.2 million", "35 thousand", "870".
std::string human_count(double n);
// The nice integer width (1, 2 or 5 times a power of ten, at least 1) nearest to x on a log scale;
// nice_at_least: the smallest nice width >= x.
int64_t nice_width(double x);
int64_t nice_at_least(double x);

}  // namespace core

}  // namespace pmx
