// Skew of a bucket set (see skew.hpp).
#include "core/skew.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>

namespace core {

const char* skew_status_name(SkewStatus s) {
    switch (s) {
        case SkewStatus::Healthy: return "HEALTHY";
        case SkewStatus::Warning: return "WARNING";
        case SkewStatus::Rebalance: return "REBALANCE_RECOMMENDED";
        case SkewStatus::Critical: return "CRITICAL";
        case SkewStatus::InsufficientData: return "INSUFFICIENT_DATA";
    }
    return "INSUFFICIENT_DATA";
}

int skew_severity(SkewStatus s) {
    switch (s) {
        case SkewStatus::Healthy: return 0;
        case SkewStatus::InsufficientData: return 1;
        case SkewStatus::Warning: return 2;
        case SkewStatus::Rebalance: return 3;
        case SkewStatus::Critical: return 4;
    }
    return 1;
}

void validate_thresholds(const SkewThresholds& t) {
    if (!(t.warning > 0 && t.warning <= t.rebalance && t.rebalance <= t.critical))
        throw InvalidArgument("skew thresholds must satisfy 0 < warning <= rebalance <= critical",
                              "Got warning " + std::to_string(t.warning) + ", rebalance " +
                                  std::to_string(t.rebalance) + ", critical " + std::to_string(t.critical) + ".",
                              "The defaults are 0.3, 0.4 and 0.5.");
}

double noise_z_limit(int buckets, double alpha) {
    if (buckets < 1) buckets = 1;
    boost::math::normal_distribution<double> standard;
    double tail = alpha / (2.0 * buckets);
    return boost::math::quantile(boost::math::complement(standard, tail));
}

static SkewStatus classify(double skew, double z, double z_limit, const SkewThresholds& t) {
    // A skew of exactly 0.5 computes as 0.49999999999999994: compare with a little slack.
    double a = std::fabs(skew) + 1e-9;
    if (std::fabs(z) < z_limit || a < t.warning) return SkewStatus::Healthy;
    if (a >= t.critical) return SkewStatus::Critical;
    if (a >= t.rebalance) return SkewStatus::Rebalance;
    return SkewStatus::Warning;
}

SkewResult analyze_skew(const std::vector<std::optional<int64_t>>& rows, const SkewThresholds& t) {
    validate_thresholds(t);
    SkewResult out;
    SkewSummary& s = out.summary;
    const int n_parts = static_cast<int>(rows.size());
    s.partitions = n_parts;
    out.partitions.resize(rows.size());
    if (n_parts == 0) return out;

    int64_t total = 0;
    bool first = true;
    for (const auto& r : rows) {
        if (!r) {
            ++s.unknown_partitions;
            continue;
        }
        total += *r;
        s.min_rows = first ? *r : std::min(s.min_rows, *r);
        s.max_rows = first ? *r : std::max(s.max_rows, *r);
        first = false;
    }
    s.total_rows = total;
    const int known = n_parts - s.unknown_partitions;
    if (known > 0) {
        s.mean_rows = double(total) / known;
        double sq = 0;
        for (const auto& r : rows)
            if (r) sq += (double(*r) - s.mean_rows) * (double(*r) - s.mean_rows);
        s.stddev_rows = std::sqrt(sq / known);
        s.cv = s.mean_rows > 0 ? s.stddev_rows / s.mean_rows : 0;
        s.max_mean_ratio = s.mean_rows > 0 ? double(s.max_rows) / s.mean_rows : 0;
    }

    const double p = 1.0 / n_parts;
    const bool total_known = s.unknown_partitions == 0 && total > 0;
    const bool enough = total_known && double(total) * p >= t.min_expected_rows;
    const double sd = std::sqrt(double(total) * p * (1 - p));
    const double z_limit = noise_z_limit(n_parts, t.alpha);
    int worst = -1;
    for (int i = 0; i < n_parts; ++i) {
        PartitionSkew& ps = out.partitions[i];
        ps.rows = rows[i];
        ps.expected_share = p;
        if (total_known) {
            ps.has_figures = true;
            ps.share = double(*rows[i]) / double(total);
            ps.skew_factor = (ps.share - p) / p;
            // One partition only: no noise, no skew.
            ps.z_score = sd > 0 ? (double(*rows[i]) - double(total) * p) / sd : 0;
            s.max_skew = std::max(s.max_skew, std::fabs(ps.skew_factor));
        }
        ps.status = enough ? classify(ps.skew_factor, ps.z_score, z_limit, t) : SkewStatus::InsufficientData;
        worst = std::max(worst, skew_severity(ps.status));
    }
    for (SkewStatus st : {SkewStatus::Healthy, SkewStatus::InsufficientData, SkewStatus::Warning,
                          SkewStatus::Rebalance, SkewStatus::Critical})
        if (skew_severity(st) == worst) s.status = st;
    return out;
}

}  // namespace core
