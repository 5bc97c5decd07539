// Skew of a bucket set (see skew.hpp).
#include "core/skew.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <utility>

namespace pmx {  // the project's one namespace (docs/architecture.md)

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

double bennett_limit(double variance, double b, double log_inverse_p) {
    if (variance <= 0 || log_inverse_p <= 0) return 0;
    const double gaussian = std::sqrt(2 * variance * log_inverse_p);
    if (b <= 0) return gaussian;
    // (v/b^2) h(u) = L with u = b t / v; h is increasing, h(u) ~ u^2/2 near 0.
    const double target = log_inverse_p * b * b / variance;
    if (target < 1e-12) return gaussian;
    auto h = [](double u) { return (1 + u) * std::log1p(u) - u; };
    double lo = 0, hi = std::max(1.0, std::sqrt(2 * target));
    while (h(hi) < target) hi *= 2;
    for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; ++i) {
        double mid = 0.5 * (lo + hi);
        (h(mid) < target ? lo : hi) = mid;
    }
    return hi * variance / b;
}

BucketKeys one_row_per_key(double rows) {
    BucketKeys k;
    k.rest_rows = rows;
    k.rest_sum_sq = rows;
    k.rest_max = rows > 0 ? 1 : 0;
    return k;
}

KeyProfile rows_are_keys(const std::vector<std::optional<int64_t>>& rows) {
    KeyProfile p;
    p.method = "exact";
    for (const auto& r : rows) p.buckets.push_back(one_row_per_key(r ? double(*r) : 0));
    return p;
}

namespace {

// Bernstein's closed form, t^2/2 = L (v + b t / 3): cheap, monotone in (v, b); used to choose heavy keys.
double bernstein_limit(double variance, double b, double log_inverse_p) {
    double a = b * log_inverse_p / 3;
    return a + std::sqrt(a * a + 2 * log_inverse_p * std::max(variance, 0.0));
}

// The profile of bucket i scaled so that its keys add up to its row count.
BucketKeys scaled(const BucketKeys& in, double rows) {
    BucketKeys k = in;
    double sum = in.rest_rows;
    for (double r : in.keys) sum += r;
    if (sum <= 0) {
        if (rows <= 0) return BucketKeys{};
        k = BucketKeys{};
        k.keys.push_back(rows);  // nothing known: all its rows as one key (the cautious reading)
        return k;
    }
    double s = rows / sum;
    for (double& r : k.keys) r *= s;
    k.rest_rows *= s;
    k.rest_sum_sq *= s * s;
    k.rest_max *= s;
    return k;
}

struct Noise {
    std::vector<double> heavy_rows;  // per bucket
    double light_total = 0;
};

// Chooses the heavy keys and fills the summary's noise figures.
Noise key_noise(const std::vector<BucketKeys>& buckets, double total, const SkewThresholds& t, SkewSummary& s) {
    const int n = static_cast<int>(buckets.size());
    const double p = 1.0 / n;
    const double log_inv = std::log(2.0 * n / t.alpha);  // each tail of each bucket at alpha / (2N)
    // Candidates: keys that alone would move a bucket by the warning threshold. Among their
    // prefixes (heaviest first) take the one with the smallest noise limit. Depends on sizes only.
    const double candidate_min = t.warning * total * p;
    std::vector<std::pair<double, int>> known;  // candidates: (rows, bucket)
    double sum_sq = 0, light_max = 0;           // light_max: the largest key that is no candidate
    for (int i = 0; i < n; ++i) {
        for (double r : buckets[i].keys) {
            sum_sq += r * r;
            if (r >= candidate_min)
                known.emplace_back(r, i);
            else
                light_max = std::max(light_max, r);
        }
        sum_sq += buckets[i].rest_sum_sq;
        light_max = std::max(light_max, buckets[i].rest_max);
    }
    std::sort(known.begin(), known.end(), [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
    s.effective_keys = sum_sq > 0 ? total * total / sum_sq : 0;
    auto light_b = [&](size_t m) { return std::max(m < known.size() ? known[m].first : 0.0, light_max); };
    size_t best = 0;
    double light_sq = sum_sq, best_sq = sum_sq;
    double best_limit = bernstein_limit(sum_sq * p * (1 - p), light_b(0) * (1 - p), log_inv);
    for (size_t m = 1; m <= known.size(); ++m) {
        light_sq -= known[m - 1].first * known[m - 1].first;
        double limit = bernstein_limit(light_sq * p * (1 - p), light_b(m) * (1 - p), log_inv);
        if (limit < best_limit) best = m, best_limit = limit, best_sq = light_sq;
    }
    Noise out;
    out.heavy_rows.assign(n, 0);
    double heavy_total = 0;
    for (size_t m = 0; m < best; ++m) {
        out.heavy_rows[known[m].second] += known[m].first;
        heavy_total += known[m].first;
    }
    out.light_total = total - heavy_total;
    const double v = std::max(best_sq, 0.0) * p * (1 - p);
    const double b = light_b(best);
    s.heavy_keys = static_cast<int>(best);
    s.heavy_min_rows = best ? known[best - 1].first : 0;
    s.noise_upper = bennett_limit(v, b * (1 - p), log_inv);
    s.noise_lower = bennett_limit(v, b * p, log_inv);
    return out;
}

SkewStatus classify(double level, bool beyond, const SkewThresholds& t) {
    // A skew of exactly 0.5 computes as 0.49999999999999994: compare with a little slack.
    double a = level + 1e-9;
    if (!beyond || a < t.warning) return SkewStatus::Healthy;
    if (a >= t.critical) return SkewStatus::Critical;
    if (a >= t.rebalance) return SkewStatus::Rebalance;
    return SkewStatus::Warning;
}

void describe_rows(const std::vector<std::optional<int64_t>>& rows, SkewSummary& s) {
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
    const int known = s.partitions - s.unknown_partitions;
    if (known > 0) {
        s.mean_rows = double(total) / known;
        double sq = 0;
        for (const auto& r : rows)
            if (r) sq += (double(*r) - s.mean_rows) * (double(*r) - s.mean_rows);
        s.stddev_rows = std::sqrt(sq / known);
        s.cv = s.mean_rows > 0 ? s.stddev_rows / s.mean_rows : 0;
        s.max_mean_ratio = s.mean_rows > 0 ? double(s.max_rows) / s.mean_rows : 0;
    }
}

}  // namespace

SkewResult analyze_skew(const std::vector<std::optional<int64_t>>& rows, const SkewThresholds& t, const KeyProfile& keys) {
    validate_thresholds(t);
    SkewResult out;
    SkewSummary& s = out.summary;
    const int n_parts = static_cast<int>(rows.size());
    s.partitions = n_parts;
    s.method = keys.method;
    out.partitions.resize(rows.size());
    if (n_parts == 0) return out;
    describe_rows(rows, s);

    const double total = double(s.total_rows);
    const double p = 1.0 / n_parts;
    const bool total_known = s.unknown_partitions == 0 && total > 0;
    const bool profile = total_known && keys.buckets.size() == rows.size();
    const bool enough = profile && total * p >= t.min_expected_rows;
    Noise noise;
    double sd = 0;
    if (profile) {
        std::vector<BucketKeys> b;
        for (int i = 0; i < n_parts; ++i) b.push_back(scaled(keys.buckets[i], double(*rows[i])));
        noise = key_noise(b, total, t, s);
        s.has_noise = true;
        sd = s.effective_keys > 0 ? total / std::sqrt(s.effective_keys) * std::sqrt(p * (1 - p)) : 0;
    }
    int worst = -1;
    for (int i = 0; i < n_parts; ++i) {
        PartitionSkew& ps = out.partitions[i];
        ps.rows = rows[i];
        ps.expected_share = p;
        if (total_known) {
            ps.has_figures = true;
            ps.share = double(*rows[i]) / total;
            ps.skew_factor = (ps.share - p) / p;
            s.max_skew = std::max(s.max_skew, std::fabs(ps.skew_factor));
        }
        if (profile) {
            // One partition only: no noise, no skew.
            ps.z_score = sd > 0 ? (double(*rows[i]) - total * p) / sd : 0;
            ps.heavy_rows = noise.heavy_rows[i];
            double d = double(*rows[i]) - ps.heavy_rows - noise.light_total * p;
            ps.excess = d / (total * p);
            const double slack = 1e-9 * total;
            ps.beyond_noise = n_parts > 1 && (d > s.noise_upper + slack || -d > s.noise_lower + slack);
        }
        ps.status = enough ? classify(std::min(std::fabs(ps.skew_factor), std::fabs(ps.excess)), ps.beyond_noise, t)
                           : SkewStatus::InsufficientData;
        worst = std::max(worst, skew_severity(ps.status));
    }
    for (SkewStatus st : {SkewStatus::Healthy, SkewStatus::InsufficientData, SkewStatus::Warning,
                          SkewStatus::Rebalance, SkewStatus::Critical})
        if (skew_severity(st) == worst) s.status = st;
    return out;
}

}  // namespace core

}  // namespace pmx
