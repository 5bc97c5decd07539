// GoogleTest for bucket-set math: skew statuses, noise, bucket names, expression ranges.
#include "core/buckets.hpp"
#include "core/error.hpp"
#include "core/rebalance.hpp"
#include "core/skew.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace pmx {  // the project's one namespace (docs/architecture.md)

using namespace core;

static std::vector<std::optional<int64_t>> uniform(int n, int64_t each) {
    return std::vector<std::optional<int64_t>>(n, each);
}

TEST(Skew, SharesAndFactors) {
    auto rows = uniform(4, 1000);
    rows[0] = 2000;  // 5000 rows: share 0.4, expected 0.25, skew 0.6
    SkewResult r = analyze_skew(rows, SkewThresholds{}, rows_are_keys(rows));
    EXPECT_NEAR(r.partitions[0].share, 0.4, 1e-12);
    EXPECT_NEAR(r.partitions[0].expected_share, 0.25, 1e-12);
    EXPECT_NEAR(r.partitions[0].skew_factor, 0.6, 1e-12);
    // z = (2000 - 1250) / sqrt(5000 * 0.25 * 0.75)
    EXPECT_NEAR(r.partitions[0].z_score, 750 / std::sqrt(937.5), 1e-9);
    EXPECT_EQ(r.partitions[0].status, SkewStatus::Critical);
    EXPECT_NEAR(r.partitions[1].skew_factor, -0.2, 1e-12);
    EXPECT_EQ(r.partitions[1].status, SkewStatus::Healthy);
    EXPECT_EQ(r.summary.total_rows, 5000);
    EXPECT_NEAR(r.summary.mean_rows, 1250, 1e-9);
    EXPECT_NEAR(r.summary.stddev_rows, std::sqrt((750.0 * 750 + 3 * 250.0 * 250) / 4), 1e-9);
    EXPECT_NEAR(r.summary.max_skew, 0.6, 1e-12);
    EXPECT_NEAR(r.summary.max_mean_ratio, 1.6, 1e-12);
    EXPECT_EQ(r.summary.status, SkewStatus::Critical);
}

TEST(Skew, ThresholdBands) {
    // 10 buckets, 1e6 rows per bucket: noise is ~0.3 %, so only the thresholds decide.
    SkewThresholds t;
    auto at = [&](double skew) {
        auto rows = uniform(10, 1000000);
        // Put the excess in bucket 0 and take it evenly from the others, keeping the total:
        // share0 = (1 + skew) / 10.
        int64_t total = 10000000;
        int64_t b0 = std::llround((1 + skew) * total / 10);
        rows[0] = b0;
        int64_t rest = total - b0;
        for (int i = 1; i < 10; ++i) rows[i] = rest / 9 + (i <= rest % 9 ? 1 : 0);
        return analyze_skew(rows, t, rows_are_keys(rows)).partitions[0].status;
    };
    EXPECT_EQ(at(0.1), SkewStatus::Healthy);
    EXPECT_EQ(at(0.3), SkewStatus::Warning);
    EXPECT_EQ(at(0.35), SkewStatus::Warning);
    EXPECT_EQ(at(0.4), SkewStatus::Rebalance);
    EXPECT_EQ(at(0.5), SkewStatus::Critical);
    EXPECT_EQ(at(3.0), SkewStatus::Critical);
    t.warning = 0.6, t.rebalance = 0.7, t.critical = 0.8;  // per-set thresholds
    EXPECT_EQ(at(0.5), SkewStatus::Healthy);
}

TEST(Skew, UnderfullPartitionIsADeviationToo) {
    auto rows = uniform(10, 100000);
    rows[3] = 10000;
    EXPECT_EQ(analyze_skew(rows, SkewThresholds{}, rows_are_keys(rows)).partitions[3].status, SkewStatus::Critical);
}

TEST(Skew, DeviationWithinNoiseIsHealthy) {
    // 100 buckets, 40 rows expected each: a bucket with 54 rows has skew 0.35 but z ~ 2.2.
    auto rows = uniform(100, 40);
    rows[0] = 54;
    rows[1] = 26;
    SkewResult r = analyze_skew(rows, SkewThresholds{}, rows_are_keys(rows));
    EXPECT_NEAR(r.partitions[0].skew_factor, 0.35, 1e-12);
    EXPECT_LT(r.partitions[0].z_score, noise_z_limit(100, 0.001));
    EXPECT_EQ(r.partitions[0].status, SkewStatus::Healthy);
    EXPECT_EQ(r.summary.status, SkewStatus::Healthy);
}

TEST(Skew, UniformHashingNeverAlarms) {
    // Multinomial samples of uniform hashing at several sizes: no partition may alarm.
    std::mt19937_64 rng(42);
    for (int64_t n : {3000, 10000, 100000, 1000000}) {
        std::vector<std::optional<int64_t>> rows(100, 0);
        std::uniform_int_distribution<int> pick(0, 99);
        for (int64_t i = 0; i < n; ++i) ++*rows[pick(rng)];
        SkewResult r = analyze_skew(rows, SkewThresholds{}, rows_are_keys(rows));
        EXPECT_EQ(r.summary.status, SkewStatus::Healthy) << "n=" << n << " max_skew=" << r.summary.max_skew;
    }
}

TEST(Skew, TinySetsAreInsufficientData) {
    auto rows = uniform(100, 5);
    rows[0] = 50;  // skew factor ~8, but only ~5 rows per bucket expected
    SkewResult r = analyze_skew(rows, SkewThresholds{}, rows_are_keys(rows));
    EXPECT_EQ(r.partitions[0].status, SkewStatus::InsufficientData);
    EXPECT_EQ(r.summary.status, SkewStatus::InsufficientData);
    EXPECT_TRUE(r.partitions[0].has_figures);
    EXPECT_GT(r.partitions[0].skew_factor, 7);
    auto empty = uniform(100, 0);
    SkewResult e = analyze_skew(empty, SkewThresholds{}, rows_are_keys(empty));
    EXPECT_EQ(e.summary.status, SkewStatus::InsufficientData);
    EXPECT_FALSE(e.partitions[0].has_figures);
}

TEST(Skew, UnknownCountsMakeEverythingUnknown) {
    auto rows = uniform(10, 100000);
    rows[2] = std::nullopt;  // never analyzed
    SkewResult r = analyze_skew(rows, SkewThresholds{}, rows_are_keys(rows));
    EXPECT_EQ(r.summary.unknown_partitions, 1);
    EXPECT_EQ(r.summary.total_rows, 900000);
    EXPECT_FALSE(r.partitions[0].has_figures);
    for (const auto& p : r.partitions) EXPECT_EQ(p.status, SkewStatus::InsufficientData);
}

TEST(Skew, ThresholdsValidated) {
    SkewThresholds t;
    t.warning = 0.5, t.rebalance = 0.4;
    EXPECT_THROW(validate_thresholds(t), InvalidArgument);
    t = SkewThresholds{};
    t.warning = 0;
    EXPECT_THROW(validate_thresholds(t), InvalidArgument);
    EXPECT_NO_THROW(validate_thresholds(SkewThresholds{}));
}

TEST(Skew, NoiseLimitGrowsWithBuckets) {
    EXPECT_NEAR(noise_z_limit(1, 0.05), 1.959964, 1e-5);
    EXPECT_GT(noise_z_limit(1000, 0.001), noise_z_limit(100, 0.001));
    EXPECT_NEAR(noise_z_limit(100, 0.001), 4.4172, 1e-3);  // 1 - 5e-6 quantile
}

TEST(Buckets, Names) {
    EXPECT_EQ(bucket_suffix(0, 100), "_part_00");
    EXPECT_EQ(bucket_suffix(42, 100), "_part_42");
    EXPECT_EQ(bucket_suffix(7, 101), "_part_007");
    EXPECT_EQ(bucket_suffix(7, 10), "_part_7");
    EXPECT_EQ(bucket_suffix(0, 1), "_part_0");
    EXPECT_EQ(bucket_partition_name("chunks", 42, 100), "chunks_part_42");
    std::string longname(70, 'x');
    std::string n = bucket_partition_name(longname, 99, 100);
    EXPECT_EQ(n.size(), 63u);
    EXPECT_EQ(n.substr(n.size() - 8), "_part_99");
}

TEST(Buckets, ClassicModOfHashtextIsSigned) {
    ValueRange h = ValueRange::full(32, true);  // hashtext()
    ValueRange r = range_mod(h, ValueRange::constant(100));
    EXPECT_EQ(r.lo, -99);
    EXPECT_EQ(r.hi, 99);
    EXPECT_TRUE(r.exact);
    std::vector<int64_t> covered;
    for (int i = 0; i < 100; ++i) covered.push_back(i);
    auto gaps = uncovered_ranges(r, covered);
    ASSERT_EQ(gaps.size(), 1u);
    EXPECT_EQ(gaps[0], std::make_pair(int64_t(-99), int64_t(-1)));
    EXPECT_EQ(count_values(gaps), 99u);
    EXPECT_EQ(format_ranges(gaps), "-99..-1");
}

TEST(Buckets, MaskedFormIsCovered) {
    // (hashtext(x)::bigint & 2147483647) % 100
    ValueRange h = range_cast(ValueRange::full(32, true), 64);
    ValueRange masked = range_and(h, ValueRange::constant(2147483647));
    EXPECT_EQ(masked.lo, 0);
    EXPECT_EQ(masked.hi, 2147483647);
    EXPECT_TRUE(masked.exact);
    ValueRange r = range_mod(masked, ValueRange::constant(100));
    EXPECT_EQ(r.lo, 0);
    EXPECT_EQ(r.hi, 99);
    std::vector<int64_t> covered;
    for (int i = 0; i < 100; ++i) covered.push_back(i);
    EXPECT_TRUE(uncovered_ranges(r, covered).empty());
    covered.erase(covered.begin() + 42);
    EXPECT_EQ(format_ranges(uncovered_ranges(r, covered)), "42");
}

TEST(Buckets, AbsOverflowsOnIntMin) {
    ValueRange a = range_abs(ValueRange::full(32, true), 32);
    EXPECT_TRUE(a.may_overflow);
    EXPECT_EQ(a.lo, 0);
    EXPECT_EQ(a.hi, 2147483647);
    ValueRange r = range_mod(a, ValueRange::constant(100));
    EXPECT_EQ(r.lo, 0);
    EXPECT_EQ(r.hi, 99);
    EXPECT_TRUE(r.may_overflow);
    EXPECT_FALSE(range_abs(ValueRange::constant(-5), 32).may_overflow);
}

TEST(Buckets, ShiftsAndUnknowns) {
    ValueRange r = range_add(range_mod(ValueRange::full(32, true), ValueRange::constant(10)), ValueRange::constant(9), 32);
    EXPECT_EQ(r.lo, 0);
    EXPECT_EQ(r.hi, 18);
    ValueRange u = range_mod(ValueRange::full(32, false), ValueRange::constant(16));
    EXPECT_FALSE(u.exact);
    EXPECT_EQ(u.lo, -15);
    ValueRange small = range_mod(ValueRange{3, 7, true, false}, ValueRange::constant(100));
    EXPECT_EQ(small.lo, 3);
    EXPECT_EQ(small.hi, 7);
    auto gaps = uncovered_ranges(ValueRange{-5, 5, true, false}, {-5, 0, 5, 99});
    EXPECT_EQ(format_ranges(gaps), "-4..-1, 1..4");
    EXPECT_EQ(format_ranges({{1, 1}, {3, 3}, {5, 5}}, 2), "1, 3, ...");
    ValueRange sub = range_sub(ValueRange::constant(INT32_MIN), ValueRange::constant(1), 32);
    EXPECT_TRUE(sub.may_overflow);
}

// ---- heavy keys and advice (core/rebalance.hpp)

static SetView hundred_buckets(int hot, double hot_share, std::vector<HotKey> keys) {
    SetView s;
    s.parent = "chunks";
    s.column = "collection_id";
    s.keydef = "HASH (collection_id)";
    s.buckets = 100;
    std::vector<std::optional<int64_t>> rows(100);
    int64_t total = 1000000;
    int64_t hot_rows = int64_t(hot_share * total);
    for (int i = 0; i < 100; ++i) rows[i] = i == hot ? hot_rows : (total - hot_rows) / 99;
    SkewResult r = analyze_skew(rows, s.thresholds, rows_are_keys(rows));
    s.summary = r.summary;
    s.key_stats = true;
    for (int i = 0; i < 100; ++i) {
        PartitionView p;
        p.name = "chunks_part_" + std::to_string(i);
        p.rows = rows[i];
        p.skew = r.partitions[i];
        if (i == hot) p.keys = keys;
        s.partitions.push_back(p);
    }
    return s;
}

TEST(Advice, OneHeavyKeyMeansSplitThatKey) {
    SetView s = hundred_buckets(42, 0.05, {{"k-big", 0.04, 0.8}, {"k-2", 0.001, 0.02}});
    auto advice = recommend(s);
    ASSERT_EQ(advice.size(), 1u);
    EXPECT_EQ(advice[0].kind, "split_hot_key");
    EXPECT_EQ(advice[0].partition, "chunks_part_42");
    EXPECT_EQ(advice[0].status, "CRITICAL");
    ASSERT_EQ(advice[0].keys.size(), 1u);
    EXPECT_EQ(advice[0].keys[0], "k-big");
    EXPECT_NE(advice[0].text.find("k-big"), std::string::npos);
}

TEST(Advice, SeveralLargeKeysMeanMoreBuckets) {
    SetView s = hundred_buckets(7, 0.016, {{"a", 0.003, 0.19}, {"b", 0.003, 0.19}, {"c", 0.002, 0.12}});
    auto advice = recommend(s);
    ASSERT_EQ(advice.size(), 1u);
    EXPECT_EQ(advice[0].kind, "more_buckets");
    EXPECT_EQ(advice[0].keys.size(), 3u);
    EXPECT_NE(advice[0].text.find("200 buckets"), std::string::npos);
}

TEST(Advice, WithoutKeyStatisticsAskForThem) {
    SetView s = hundred_buckets(3, 0.05, {});
    s.key_stats = false;
    auto advice = recommend(s);
    ASSERT_EQ(advice.size(), 1u);
    EXPECT_EQ(advice[0].kind, "refresh_key_statistics");
}

TEST(Advice, BalancedSetNeedsNothing) {
    SetView s = hundred_buckets(0, 0.0101, {});
    auto advice = recommend(s);
    ASSERT_EQ(advice.size(), 1u);
    EXPECT_EQ(advice[0].kind, "none");
    EXPECT_EQ(advice[0].status, "HEALTHY");
}

TEST(Advice, UncoveredExpressionComesFirst) {
    SetView s = hundred_buckets(0, 0.0101, {});
    s.hash = false;
    s.keydef = "LIST (mod(hashtext((collection_id)::text), 100))";
    s.uncovered = "-99..-1";
    PartitionView d;
    d.name = "chunks_default";
    d.is_default = true;
    d.rows = 990000;
    s.partitions.push_back(d);
    auto advice = recommend(s);
    ASSERT_GE(advice.size(), 1u);
    EXPECT_EQ(advice[0].kind, "fix_bucket_expression");
    EXPECT_NE(advice[0].text.find("& 2147483647"), std::string::npos);
    EXPECT_NE(advice[0].text.find("990000 rows"), std::string::npos);
}

TEST(Advice, UnknownAndTinySets) {
    SetView s = hundred_buckets(0, 0.0101, {});
    s.summary.unknown_partitions = 2;
    EXPECT_EQ(recommend(s).back().kind, "analyze");
    SetView t;
    t.parent = "tiny";
    t.buckets = 100;
    std::vector<std::optional<int64_t>> rows(100, 3);
    t.summary = analyze_skew(rows, t.thresholds, rows_are_keys(rows)).summary;
    EXPECT_EQ(recommend(t).back().kind, "insufficient_data");
}

TEST(Advice, Percentages) {
    EXPECT_EQ(percent(0.125), "12.5%");
    EXPECT_EQ(percent(0.01), "1.00%");
    EXPECT_EQ(percent(0.0001), "0.010%");
}

// ---- key-level noise (core/skew.hpp)

TEST(KeyNoise, BennettLimit) {
    // b = 0: the sub-Gaussian limit sqrt(2 v L).
    EXPECT_NEAR(bennett_limit(100, 0, 12), std::sqrt(2 * 100 * 12.0), 1e-9);
    // Bennett's bound at the limit equals exp(-L).
    double v = 990, b = 0.99, L = std::log(2 * 100 / 0.001);
    double t = bennett_limit(v, b, L);
    double u = b * t / v;
    EXPECT_NEAR((v / (b * b)) * ((1 + u) * std::log1p(u) - u), L, 1e-6);
    // Larger terms, larger limit; never below the Gaussian one.
    EXPECT_GT(bennett_limit(v, 20, L), t);
    EXPECT_GE(t, std::sqrt(2 * v * L));
    EXPECT_EQ(bennett_limit(0, 5, L), 0);
}

// 100 buckets, `keys` keys of `size` rows each, spread evenly; bucket 0 gets `extra` more keys.
static SkewResult equal_keys(int keys_per_bucket, double size, int extra, const std::vector<double>& heavy_in_0 = {}) {
    std::vector<std::optional<int64_t>> rows(100);
    KeyProfile p;
    p.method = "exact";
    for (int i = 0; i < 100; ++i) {
        BucketKeys b;
        int n = keys_per_bucket + (i == 0 ? extra : 0);
        b.keys.assign(n, size);
        if (i == 0) b.keys.insert(b.keys.end(), heavy_in_0.begin(), heavy_in_0.end());
        double x = 0;
        for (double r : b.keys) x += r;
        rows[i] = static_cast<int64_t>(x);
        p.buckets.push_back(b);
    }
    return analyze_skew(rows, SkewThresholds{}, p);
}

TEST(KeyNoise, KeysOfTwentyRows) {
    // 50 keys of 20 rows per bucket: noise is ~7 keys (14 %) per bucket, the limit ~0.77 of a bucket.
    SkewResult even = equal_keys(50, 20, 0);
    EXPECT_NEAR(even.summary.effective_keys, 5000, 1e-6);
    EXPECT_EQ(even.summary.method, "exact");
    EXPECT_NEAR(even.summary.noise_upper / 1000, 0.77, 0.01);
    // +20 keys (+40 %): WARNING-sized by the thresholds, but within the noise of 20-row keys.
    SkewResult plus40 = equal_keys(50, 20, 20);
    EXPECT_GT(plus40.partitions[0].skew_factor, 0.35);
    EXPECT_EQ(plus40.partitions[0].status, SkewStatus::Healthy);
    // +60 keys (+120 %): beyond it.
    SkewResult plus120 = equal_keys(50, 20, 60);
    EXPECT_TRUE(plus120.partitions[0].beyond_noise);
    EXPECT_EQ(plus120.partitions[0].status, SkewStatus::Critical);
    // +45 % made of one-row keys is far beyond their (much smaller) noise.
    SkewResult rows40 = equal_keys(1000, 1, 450);
    EXPECT_EQ(rows40.partitions[0].status, SkewStatus::Rebalance);
}

TEST(KeyNoise, HeavyKeyIsSetAside) {
    // One key of 5000 rows (5 buckets' worth) in bucket 0: its bucket is huge, and HEALTHY.
    SkewResult r = equal_keys(50, 20, 0, {5000});
    EXPECT_GT(r.partitions[0].skew_factor, 3.5);
    EXPECT_GT(std::fabs(r.partitions[0].z_score), 9);  // the unconditional z says "far out"
    EXPECT_EQ(r.summary.heavy_keys, 1);
    EXPECT_NEAR(r.partitions[0].heavy_rows, 5000, 1e-9);
    EXPECT_EQ(r.partitions[0].status, SkewStatus::Healthy);
    EXPECT_EQ(r.summary.status, SkewStatus::Healthy);
    // The heavy key plus 60 more ordinary keys: the excess it does not explain is found.
    SkewResult both = equal_keys(50, 20, 60, {5000});
    EXPECT_EQ(both.partitions[0].status, SkewStatus::Critical);
    EXPECT_NEAR(both.partitions[0].excess, 1.1, 0.1);
}

TEST(KeyNoise, UnknownKeySizesAreInsufficientData) {
    std::vector<std::optional<int64_t>> rows(10, 100000);
    rows[0] = 200000;
    SkewResult r = analyze_skew(rows, SkewThresholds{}, KeyProfile{});
    EXPECT_FALSE(r.summary.has_noise);
    EXPECT_EQ(r.partitions[0].status, SkewStatus::InsufficientData);
    EXPECT_TRUE(r.partitions[0].has_figures);
}

TEST(KeyNoise, ProfilesAreScaledToTheRowCounts) {
    // Key statistics from an older count (half the rows): sizes scale with the bucket.
    std::vector<std::optional<int64_t>> rows(4, 2000);
    KeyProfile p;
    p.method = "key statistics";
    for (int i = 0; i < 4; ++i) {
        BucketKeys b;
        b.rest_rows = 1000;
        b.rest_sum_sq = 1000 * 10;  // 100 keys of 10 rows
        b.rest_max = 10;
        p.buckets.push_back(b);
    }
    SkewResult r = analyze_skew(rows, SkewThresholds{}, p);
    EXPECT_NEAR(r.summary.effective_keys, 400, 1e-9);  // 100 keys per bucket, now 20 rows each
}

TEST(Advice, ExpressionKeysDoNotPrune) {
    EXPECT_EQ(substitute_column("(hashtext(collection_id::text)::bigint & 2147483647) % 100", "collection_id", "$1"),
              "(hashtext($1::text)::bigint & 2147483647) % 100");
    EXPECT_EQ(substitute_column("mod(hashtext(id_2 || id || 'id'), 10)", "id", "$1"), "mod(hashtext(id_2 || $1 || 'id'), 10)");
    SetView s = hundred_buckets(0, 0.0101, {});
    s.hash = false;
    s.expression = true;
    s.keydef = "LIST (mod(hashtext((collection_id)::text), 100))";
    s.key_expression = "mod(hashtext(collection_id::text), 100)";
    auto advice = recommend(s);
    ASSERT_EQ(advice.size(), 2u);
    EXPECT_EQ(advice[0].kind, "none");
    EXPECT_EQ(advice[1].kind, "expression_key");
    EXPECT_NE(advice[1].text.find("WHERE collection_id = $1 AND mod(hashtext(collection_id::text), 100) = mod(hashtext($1::text), 100)"),
              std::string::npos);
    EXPECT_NE(advice[1].text.find("PARTITION BY HASH (collection_id)"), std::string::npos);
    EXPECT_NE(advice[1].text.find("get_partition_for_value('chunks', $1)"), std::string::npos);
}

TEST(Advice, ManyOrdinaryKeysInOneBucket) {
    SetView s = hundred_buckets(5, 0.02, {{"k1", 0.0001, 0.005}, {"k2", 0.0001, 0.005}});
    auto advice = recommend(s);
    ASSERT_EQ(advice.size(), 1u);
    EXPECT_EQ(advice[0].kind, "investigate_hot_bucket");
    EXPECT_TRUE(advice[0].keys.empty());
}

TEST(Advice, HeavyKeyBucketThatIsHealthy) {
    SetView s = hundred_buckets(0, 0.0101, {{"big", 0.05, 0.83}});
    s.partitions[0].skew.skew_factor = 5;
    s.partitions[0].skew.share = 0.06;
    s.partitions[0].skew.heavy_rows = 50000;
    s.partitions[0].skew.status = SkewStatus::Healthy;
    auto advice = recommend(s);
    ASSERT_EQ(advice.size(), 1u);
    EXPECT_EQ(advice[0].kind, "split_hot_key");
    EXPECT_EQ(advice[0].status, "HEALTHY");
    EXPECT_NE(advice[0].text.find("the hash is not at fault"), std::string::npos);
}

}  // namespace pmx
