// Skew of a bucket set (pure C++, no PostgreSQL headers).
//
// A bucket set spreads keys over N partitions by hashing, so each partition should hold 1/N of the
// rows. For partition i with n_i of n rows:
//   share        = n_i / n
//   expected     = 1 / N
//   skew_factor  = (share - 1/N) / (1/N)
//   z_score      = (n_i - n/N) / sqrt(S2 * p * (1 - p)),  p = 1/N,  S2 = sum over keys k of r_k^2
// Rows arrive in keys: every row of key k (r_k rows) goes to the same bucket, so under uniform
// hashing a bucket's row count has variance S2 * p * (1 - p), not n * p * (1 - p) (the two agree only
// when every key has one row). effective_keys = n^2 / S2 is the number of equal-sized keys that
// would give the same noise.
//
// Noise test (family-wise false-alarm probability alpha over the N buckets, both tails):
//  * The heaviest keys are set aside: a key cannot be split by hashing, so where it landed is taken
//    as given (conditioning on it keeps the test exact). Which keys count as heavy depends on the
//    key sizes only, never on where they landed: the prefix of the heaviest keys that gives the
//    smallest noise limit.
//  * The other ("light") keys of bucket i sum to L_i with E[L_i] = n_L / N under uniform hashing;
//    the deviation d_i = L_i - n_L / N is beyond noise when it exceeds Bennett's inequality at
//    alpha / (2N) for each tail (sum of independent terms r_k (B_k - p), variance S2_L p (1 - p),
//    each at most b (1 - p) above and b p below its mean, b = the largest light key). Bennett's
//    bound holds for any key sizes, so the false-alarm rate stays below alpha also for heavy-tailed
//    keys, where a normal quantile does not (test/core/skew_sim_test.cpp measures both).
// Status per partition:
//   INSUFFICIENT_DATA  when n/N < min_expected_rows, a row count is unknown, or the key sizes are
//                      unknown (no profile);
//   HEALTHY            when d_i is within the noise limits, or the deviation is below `warning`;
//   WARNING / REBALANCE_RECOMMENDED / CRITICAL when the deviation reaches warning / rebalance /
//                      critical (defaults 0.3 / 0.4 / 0.5). The deviation measured against the
//                      thresholds is min(|skew_factor|, |d_i| / (n/N)): the part of the bucket's
//                      deviation its heavy keys do not explain (equal to |skew_factor| when no key
//                      is heavy).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

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

// The two-sided normal quantile at alpha / buckets (Bonferroni): what |z| would have to stay below
// if bucket counts were normal. Reported for comparison; the status uses bennett_limit.
double noise_z_limit(int buckets, double alpha);

// The deviation t at which Bennett's inequality P(S >= t) <= exp(-(v/b^2) h(b t / v)),
// h(u) = (1+u) ln(1+u) - u, reaches exp(-log_inverse_p), for a sum S of independent zero-mean
// terms with total variance v, each at most b. b = 0 gives the sub-Gaussian limit sqrt(2 v L).
double bennett_limit(double variance, double b, double log_inverse_p);

// What is known about the keys of one bucket, in rows (scaled to the bucket's current row count).
struct BucketKeys {
    std::vector<double> keys;  // row counts of keys known individually (any order)
    double rest_rows = 0;      // rows of the bucket's other keys
    double rest_sum_sq = 0;    // sum of r^2 over those other keys
    double rest_max = 0;       // the largest of those other keys (an upper estimate)
};
// A bucket whose keys each hold one row (the classical binomial case).
BucketKeys one_row_per_key(double rows);

struct KeyProfile {
    std::string method;               // "exact", "key statistics", "sample"
    std::vector<BucketKeys> buckets;  // one per bucket, in the order of the row counts; empty = unknown
    bool known() const { return !buckets.empty(); }
};
// Every bucket one row per key (used where key sizes are known to be 1, and by tests).
KeyProfile rows_are_keys(const std::vector<std::optional<int64_t>>& rows);

struct PartitionSkew {
    std::optional<int64_t> rows;  // nullopt = unknown (never analyzed)
    double share = 0, expected_share = 0, skew_factor = 0, z_score = 0;
    double heavy_rows = 0;        // rows of this bucket's keys set aside as heavy
    double excess = 0;            // d_i / (n/N): deviation its heavy keys do not explain
    bool beyond_noise = false;
    bool has_figures = false;     // share/skew/z are meaningful (total known and > 0)
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
    // Key-level noise (has_noise: total and key profile known).
    bool has_noise = false;
    std::string method;          // the profile's method
    double effective_keys = 0;   // n^2 / S2
    int heavy_keys = 0;          // keys set aside as heavy
    double heavy_min_rows = 0;   // the smallest of them
    double noise_upper = 0;      // rows of unexplained excess a bucket may have by chance
    double noise_lower = 0;      // rows of unexplained shortfall a bucket may have by chance
    SkewStatus status = SkewStatus::InsufficientData;  // worst partition status
};

struct SkewResult {
    std::vector<PartitionSkew> partitions;
    SkewSummary summary;
};

// rows[i]: row count of bucket i (nullopt when unknown). If any count is unknown, the shares of
// all buckets are unknown too (the total is), and every status is INSUFFICIENT_DATA. `keys`
// describes the key sizes per bucket (see KeyProfile); unknown keys make every status
// INSUFFICIENT_DATA as well.
SkewResult analyze_skew(const std::vector<std::optional<int64_t>>& rows, const SkewThresholds& t, const KeyProfile& keys);

}  // namespace core

}  // namespace pmx
