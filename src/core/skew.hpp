// Skew of a bucket set (pure C++, no PostgreSQL headers).
//
// A bucket set spreads keys over N partitions by hashing, so each partition should hold 1/N of the
// rows. For partition i with n_i of n rows:
//   share        = n_i / n
//   expected     = 1 / N
//   skew_factor  = (share - 1/N) / (1/N)
//   z_score      = (n_i - n/N) / sqrt(n * p * (1 - p)),  p = 1/N   (binomial noise of uniform hashing)
// Status per partition:
//   INSUFFICIENT_DATA  when n/N < min_expected_rows (too few rows to tell skew from noise), or the
//                      partition's row count is unknown (never analyzed);
//   HEALTHY            when |z| is below the noise limit (a deviation uniform hashing produces by
//                      chance: family-wise false-alarm probability `alpha` over the N partitions),
//                      or |skew_factor| < warning;
//   WARNING / REBALANCE_RECOMMENDED / CRITICAL when |skew_factor| reaches warning / rebalance /
//                      critical (defaults 0.3 / 0.4 / 0.5) and the deviation is beyond noise.
// Over-full and under-full partitions are both deviations: the status uses |skew_factor|.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace core {

enum class SkewStatus { Healthy, Warning, Rebalance, Critical, InsufficientData };

// "HEALTHY", "WARNING", "REBALANCE_RECOMMENDED", "CRITICAL", "INSUFFICIENT_DATA".
const char* skew_status_name(SkewStatus s);
// Severity order for "worst of": Healthy < InsufficientData < Warning < Rebalance < Critical.
int skew_severity(SkewStatus s);

struct SkewThresholds {
    double warning = 0.3;
    double rebalance = 0.4;
    double critical = 0.5;
    double min_expected_rows = 30;  // rows per bucket below which we do not judge
    double alpha = 0.001;           // family-wise false-alarm probability of the noise test
};

// Throws core::InvalidArgument unless 0 < warning <= rebalance <= critical.
void validate_thresholds(const SkewThresholds& t);

// |z| below this is within the noise of uniform hashing over `buckets` partitions:
// the two-sided normal quantile at alpha / buckets (Bonferroni).
double noise_z_limit(int buckets, double alpha);

struct PartitionSkew {
    std::optional<int64_t> rows;  // nullopt = unknown (never analyzed)
    double share = 0, expected_share = 0, skew_factor = 0, z_score = 0;
    bool has_figures = false;  // share/skew/z are meaningful (total known and > 0)
    SkewStatus status = SkewStatus::InsufficientData;
};

struct SkewSummary {
    int partitions = 0;
    int unknown_partitions = 0;  // partitions whose row count is unknown
    int64_t total_rows = 0;      // sum of known counts
    double mean_rows = 0, stddev_rows = 0, cv = 0;  // population stddev; cv = stddev / mean
    int64_t min_rows = 0, max_rows = 0;
    double max_skew = 0;        // largest |skew_factor|
    double max_mean_ratio = 0;  // max_rows / mean_rows
    SkewStatus status = SkewStatus::InsufficientData;  // worst partition status
};

struct SkewResult {
    std::vector<PartitionSkew> partitions;
    SkewSummary summary;
};

// rows[i]: row count of bucket i (nullopt when unknown). If any count is unknown, the shares of
// all buckets are unknown too (the total is), and every status is INSUFFICIENT_DATA.
SkewResult analyze_skew(const std::vector<std::optional<int64_t>>& rows, const SkewThresholds& t);

}  // namespace core
