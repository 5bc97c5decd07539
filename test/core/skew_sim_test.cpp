// Monte Carlo proof of the skew noise test (core/skew.hpp): under uniform hashing of keys with
// many rows each, fewer than 1 set in 1000 may raise a skew alarm (status WARNING or worse); a
// planted hot bucket must be found. Each simulated set hashes its keys to uniformly random buckets
// (seeded, so every run sees the same sets) and is judged twice: with every key's size known
// ("exact") and with what ANALYZE's statistics give per partition ("key statistics": the 100
// heaviest keys of each bucket, the other keys only as rows / distinct count).
// PARTMAN_SKEW_SIM_SETS=n runs n sets per scenario (default 3000; docs/buckets.md quotes 100000).
// The same loop also counts the alarms of a plain normal (z) test with the key-level variance
// and Bonferroni's correction, to show why the status uses Bennett's inequality instead.
#include "core/skew.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>

namespace pmx {  // the project's one namespace (docs/architecture.md)

using namespace core;

namespace {

struct Scenario {
    std::string name;
    int buckets;
    std::function<std::vector<double>(std::mt19937_64&)> sizes;  // rows per key
};

std::vector<Scenario> scenarios() {
    return {
        {"uuid keys, 20 rows each, 5000 keys, 100 buckets", 100, [](std::mt19937_64&) { return std::vector<double>(5000, 20); }},
        {"one row per key, 30000 rows, 100 buckets", 100, [](std::mt19937_64&) { return std::vector<double>(30000, 1); }},
        {"Zipf s=1: key i has 20000/i rows, 2000 keys, 100 buckets", 100,
         [](std::mt19937_64&) {
             std::vector<double> v;
             for (int i = 1; i <= 2000; ++i) v.push_back(std::floor(20000.0 / i));
             return v;
         }},
        {"Zipf s=1.2: 50000/i^1.2 rows, 20000 keys, 100 buckets", 100,
         [](std::mt19937_64&) {
             std::vector<double> v;
             for (int i = 1; i <= 20000; ++i) v.push_back(std::max(1.0, std::floor(50000.0 / std::pow(i, 1.2))));
             return v;
         }},
        {"lognormal(3, 1.5) rows, 20000 keys, 16 buckets", 16,
         [](std::mt19937_64& rng) {
             std::lognormal_distribution<double> d(3, 1.5);
             std::vector<double> v;
             for (int i = 0; i < 20000; ++i) v.push_back(std::ceil(d(rng)));
             return v;
         }},
        {"300 keys of 1000 rows, 100 buckets", 100, [](std::mt19937_64&) { return std::vector<double>(300, 1000); }},
        {"1 + geometric(0.05) rows, 20000 keys, 1000 buckets", 1000,
         [](std::mt19937_64& rng) {
             std::geometric_distribution<int> d(0.05);
             std::vector<double> v;
             for (int i = 0; i < 20000; ++i) v.push_back(1 + d(rng));
             return v;
         }},
    };
}

int sets_per_scenario() {
    const char* e = std::getenv("PARTMAN_SKEW_SIM_SETS");
    return e ? std::max(1, std::atoi(e)) : 3000;
}

// One bucket's keys as a set is built. Keys arrive heaviest first (the sizes are sorted once), so
// the first keys of a bucket are its heaviest.
struct Bucket {
    std::vector<double> top;  // its first (= heaviest) keys, at most 100
    double rows = 0, sum_sq = 0, rest_rows = 0, rest_sum_sq = 0, rest_max = 0;
    size_t count = 0;
    void add(double r, double listed_min) {
        rows += r;
        sum_sq += r * r;
        if (top.size() < 100 || r >= listed_min) {
            top.push_back(r);
        } else {
            rest_rows += r;
            rest_sum_sq += r * r;
            rest_max = std::max(rest_max, r);
        }
        ++count;
    }
    // Every key's size known: the listed keys, the others summed exactly (keys that are no heavy
    // candidates only enter the noise through these sums, so this equals listing them all).
    BucketKeys exact() const {
        BucketKeys b;
        b.keys = top;
        b.rest_rows = rest_rows;
        b.rest_sum_sq = rest_sum_sq;
        b.rest_max = rest_max;
        return b;
    }
    // What ANALYZE's statistics tell: the 100 most common keys exactly, the others only as rows and a
    // count of distinct keys (sizes assumed equal), the largest of them taken as the rarest listed one.
    BucketKeys statistics() const {
        BucketKeys b;
        size_t n = std::min<size_t>(top.size(), 100);
        b.keys.assign(top.begin(), top.begin() + n);
        double rest = rows;
        for (double r : b.keys) rest -= r;
        size_t distinct = count - n;
        if (distinct > 0) {
            double avg = rest / distinct;
            b.rest_rows = rest;
            b.rest_sum_sq = rest * avg;
            b.rest_max = std::max(avg, b.keys.back());
        }
        return b;
    }
};

struct Outcome {
    int sets = 0, exact_alarms = 0, stats_alarms = 0, normal_alarms = 0;
};

bool alarmed(const SkewResult& r) { return skew_severity(r.summary.status) >= skew_severity(SkewStatus::Warning); }

// `plant`: rows added to bucket 0 in new keys of `plant_key` rows each (0 = none).
Outcome simulate(const Scenario& sc, int sets, uint64_t seed, double plant = 0, double plant_key = 20) {
    std::mt19937_64 rng(seed);
    std::vector<double> sizes = sc.sizes(rng);
    std::sort(sizes.begin(), sizes.end(), std::greater<double>());
    double total = 0;
    for (double r : sizes) total += r;
    // Keys this large are listed individually even beyond a bucket's first 100 (heavy candidates
    // start at 0.3 of a bucket; 0.1 leaves room for planted rows).
    const double listed_min = 0.1 * total / sc.buckets;
    const double zlim = noise_z_limit(sc.buckets, 0.001);
    const uint64_t n = static_cast<uint64_t>(sc.buckets);
    Outcome o;
    for (int s = 0; s < sets; ++s) {
        std::vector<Bucket> b(sc.buckets);
        for (double r : sizes) b[((rng() >> 32) * n) >> 32].add(r, listed_min);  // uniform bucket
        for (double added = 0; added < plant; added += plant_key) b[0].add(plant_key, listed_min);
        std::vector<std::optional<int64_t>> rows(sc.buckets);
        KeyProfile exact, stats;
        exact.method = "exact";
        stats.method = "key statistics";
        for (int i = 0; i < sc.buckets; ++i) {
            rows[i] = static_cast<int64_t>(b[i].rows);
            exact.buckets.push_back(b[i].exact());
            stats.buckets.push_back(b[i].statistics());
        }
        SkewThresholds t;
        SkewResult re = analyze_skew(rows, t, exact);
        SkewResult rs = analyze_skew(rows, t, stats);
        ++o.sets;
        o.exact_alarms += alarmed(re);
        o.stats_alarms += alarmed(rs);
        bool normal = false;
        for (const PartitionSkew& p : re.partitions)
            normal = normal || (std::fabs(p.z_score) >= zlim && std::fabs(p.skew_factor) >= t.warning);
        o.normal_alarms += normal;
    }
    return o;
}

}  // namespace

TEST(SkewSimulation, UniformHashingOfHeavyTailedKeysRarelyAlarms) {
    const int sets = sets_per_scenario();
    uint64_t seed = 20260615;
    std::printf("%-60s %8s %12s %12s %12s\n", "scenario (uniform hashing)", "sets", "exact", "key stats", "normal z");
    for (const Scenario& sc : scenarios()) {
        Outcome o = simulate(sc, sets, ++seed);
        std::printf("%-60s %8d %12d %12d %12d\n", sc.name.c_str(), o.sets, o.exact_alarms, o.stats_alarms, o.normal_alarms);
        // Fewer than 1 in 1000: with 3000 sets, at most 1 alarm (3 expected at exactly 1/1000).
        EXPECT_LE(o.exact_alarms, sets / 3000) << sc.name;
        EXPECT_LE(o.stats_alarms, sets / 3000) << sc.name;
    }
}

TEST(SkewSimulation, PlantedHotBucketIsFound) {
    // 5000 keys of 20 rows in 100 buckets (1000 rows per bucket): 50 more keys (1000 rows) in
    // bucket 0 double it. The noise limit of this set is ~0.77 of a bucket, so a doubled bucket
    // is found in ~95 % of the sets, one at +150 % always.
    Scenario sc = scenarios()[0];
    Outcome o = simulate(sc, 300, 7, 1000, 20);
    EXPECT_GE(o.exact_alarms, 270);
    EXPECT_GE(o.stats_alarms, 270);
    Outcome more = simulate(sc, 300, 9, 1500, 20);  // +150 %: every time
    EXPECT_EQ(more.exact_alarms, 300);
    EXPECT_EQ(more.stats_alarms, 300);
    // One row per key, 100 buckets of 300 rows (noise limit ~0.3 of a bucket): +60 % is found every time.
    Outcome r = simulate(scenarios()[1], 100, 8, 180, 1);
    EXPECT_EQ(r.exact_alarms, 100);
}

TEST(SkewSimulation, DetectionRateByExcess) {
    // Not an assertion beyond monotonicity: the figures docs/buckets.md quotes.
    Scenario sc = scenarios()[0];
    int previous = -1;
    std::printf("%-40s %8s\n", "planted excess in bucket 0 (20-row keys)", "found");
    for (double excess : {400.0, 600.0, 800.0, 1000.0, 1500.0}) {
        Outcome o = simulate(sc, 200, 11, excess, 20);
        std::printf("%-40.0f %7.1f%%\n", excess / 10, 100.0 * o.exact_alarms / o.sets);
        EXPECT_GE(o.exact_alarms, previous);
        previous = o.exact_alarms;
    }
}

}  // namespace pmx
