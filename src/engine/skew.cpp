// Skew of bucket sets, measured for analyze_partition_skew(parent, exact), the
// partition_distribution view and rebalancing_recommendations.
// Row counts come from pg_class.reltuples (no scan; -1 = never analyzed = unknown) or, with
// exact => true, from ONE scan of the parent: SELECT tableoid, count(*) FROM parent GROUP BY 1.
// The math lives in core/skew.hpp.
#include "engine/skew.hpp"

#include "pg/catalog.hpp"
#include "pg/citus.hpp"
#include "pg/spi.hpp"

extern "C" {
#include "utils/lsyscache.h"
}

#include <cstdio>
#include <unordered_map>

namespace pg {

std::string fmt_double(double v) {
    char buf[40];
    snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

namespace {

// Row counts per leaf: one GROUP BY scan of the parent (as the caller: SELECT privilege needed).
// On Citus, tableoid names shards: one count(*) per leaf instead.
std::unordered_map<Oid, int64_t> exact_counts(const BucketSet& set, const std::vector<BucketPartition>& parts) {
    if (is_citus_table(set.parent)) {
        std::vector<Oid> leaves;
        for (const BucketPartition& p : parts) leaves.insert(leaves.end(), p.leaves.begin(), p.leaves.end());
        return citus_exact_counts(leaves);
    }
    Rows r = query("SELECT tableoid::oid, count(*) FROM " + qualified_name(set.parent) + " GROUP BY 1", {}, true);
    std::unordered_map<Oid, int64_t> out;
    for (size_t i = 0; i < r.size(); ++i) out[static_cast<Oid>(r.int8(i, 0))] = r.int8(i, 1);
    return out;
}

// Estimated rows of a leaf: reltuples, 0 for a relation without blocks, unknown otherwise.
std::optional<int64_t> estimate(Oid leaf) {
    int64_t n = estimated_rows(leaf);
    if (n >= 0) return n;
    if (has_no_blocks(leaf)) return 0;
    return std::nullopt;
}

}  // namespace

SetSkew measure_set(const BucketSet& set, bool exact, bool with_bytes) {
    SetSkew s;
    s.set = set;
    s.exact = exact;
    s.parts = bucket_partitions(set.parent);
    std::unordered_map<Oid, int64_t> counts;
    if (exact) counts = exact_counts(set, s.parts);
    std::vector<std::optional<int64_t>> bucket_rows;
    for (const BucketPartition& p : s.parts) {
        std::optional<int64_t> rows = 0, bytes = 0;
        for (Oid leaf : p.leaves) {
            std::optional<int64_t> n;
            if (exact) {
                auto it = counts.find(leaf);
                n = it == counts.end() ? 0 : it->second;
            } else {
                n = estimate(leaf);
            }
            if (!n) {
                rows.reset();
                ++s.unanalyzed;
            } else if (rows) {
                *rows += *n;
            }
            if (with_bytes) {
                std::optional<int64_t> b = total_bytes(leaf);
                bytes = b && bytes ? std::optional<int64_t>(*bytes + *b) : std::nullopt;
            }
        }
        s.rows.push_back(rows);
        s.bytes.push_back(bytes);
        if (p.is_default)
            s.default_index = static_cast<int>(s.rows.size()) - 1;
        else
            bucket_rows.push_back(rows);
    }
    s.result = core::analyze_skew(bucket_rows, set.thresholds);
    if (s.default_index >= 0) {
        const auto& d = s.rows[s.default_index];
        s.default_status = !d ? core::SkewStatus::InsufficientData : *d > 0 ? core::SkewStatus::Critical : core::SkewStatus::Healthy;
    }
    return s;
}

core::SkewStatus SetSkew::status() const {
    core::SkewStatus st = result.summary.status;
    if (default_index >= 0 && core::skew_severity(default_status) > core::skew_severity(st)) st = default_status;
    return st;
}

std::vector<BucketSet> sets_for(std::optional<Oid> parent) {
    if (parent) return {bucket_set_or_default(*parent)};
    return load_bucket_sets(std::nullopt);
}

}  // namespace pg
