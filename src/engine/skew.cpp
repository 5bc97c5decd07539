// Skew of bucket sets (see skew.hpp), measured for analyze_partition_skew, the partition_distribution
// view (src/sql/skew.cpp) and rebalancing_recommendations.
// Row counts come from pg_class.reltuples (no scan; -1 = never analyzed = unknown) or, with
// exact => true, from counting: every leaf's heap pages under one snapshot (pg/heapcount.hpp),
// or one SELECT tableoid, count(*) FROM parent GROUP BY 1 when row-level security applies, the
// caller may read neither the parent nor every leaf, or a leaf is not a heap table. Key sizes
// come from keyprofile.cpp; the math lives in core/skew.hpp.
#include "engine/skew.hpp"

#include "pg/catalog.hpp"
#include "pg/citus.hpp"
#include "pg/heapcount.hpp"
#include "pg/spi.hpp"

extern "C" {
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "utils/acl.h"
#include "utils/lsyscache.h"
#include "utils/rls.h"
}

#include <cmath>
#include <cstdio>
#include <unordered_map>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

std::string fmt_double(double v) {
    char buf[40];
    snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

namespace {

// May the caller count every leaf directly, with the same result as through the parent?
bool leaves_readable(const BucketSet& set, const std::vector<Oid>& leaves) {
    return call([&] {
        Oid user = GetUserId();
        if (check_enable_rls(set.parent, InvalidOid, true) == RLS_ENABLED) return false;
        for (Oid leaf : leaves)
            if (pg_class_aclcheck(leaf, user, ACL_SELECT) != ACLCHECK_OK || check_enable_rls(leaf, InvalidOid, true) == RLS_ENABLED)
                return false;
        return true;
    });
}

// Would SELECT tableoid, count(*) FROM parent GROUP BY 1 see every row of every leaf? (SELECT on
// the parent, and no row-level security in force on it: through the parent, the leaves' own
// privileges and policies do not apply.) The parent is locked as such a query locks it.
bool parent_sees_all(const BucketSet& set) {
    return call([&] {
        LockRelationOid(set.parent, AccessShareLock);
        return pg_class_aclcheck(set.parent, GetUserId(), ACL_SELECT) == ACLCHECK_OK &&
               check_enable_rls(set.parent, InvalidOid, true) != RLS_ENABLED;
    });
}

// Row counts per leaf (as the caller: SELECT privilege needed). When the caller may read every
// row (through the parent, or every leaf directly) and the leaves are plain heap tables, each leaf
// is counted page by page (pg/heapcount.hpp): the rows SELECT count(*) FROM leaf returns, without
// planning a statement per leaf or passing every row through an executor. Otherwise one scan of
// the parent grouped by tableoid, which applies the parent's privileges and row-level security.
std::unordered_map<Oid, int64_t> exact_counts(const BucketSet& set, const std::vector<Oid>& leaves) {
    if (is_citus_table(set.parent)) return citus_exact_counts(leaves);  // tableoid names shards there
    std::unordered_map<Oid, int64_t> out;
    if (leaves.empty()) return out;
    std::vector<int64_t> counts;
    if ((parent_sees_all(set) || leaves_readable(set, leaves)) && heap_row_counts(leaves, counts)) {
        for (size_t i = 0; i < leaves.size(); ++i) out[leaves[i]] = counts[i];
        return out;
    }
    Rows r = query("SELECT tableoid::oid, count(*) FROM " + qualified_name(set.parent) + " GROUP BY 1", {}, true);
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
    if (exact) {
        std::vector<Oid> leaves;
        for (const BucketPartition& p : s.parts) leaves.insert(leaves.end(), p.leaves.begin(), p.leaves.end());
        counts = exact_counts(set, leaves);
    }
    std::vector<std::optional<int64_t>> bucket_rows;
    std::vector<BucketPartition> buckets;
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
        if (p.is_default) {
            s.default_index = static_cast<int>(s.rows.size()) - 1;
        } else {
            bucket_rows.push_back(rows);
            buckets.push_back(p);
        }
    }
    // Key sizes matter only when every count is known and there is something to judge.
    core::KeyProfile profile;
    int64_t total = 0;
    bool known = true;
    std::vector<int64_t> known_rows;
    for (const auto& r : bucket_rows) {
        known = known && r.has_value();
        known_rows.push_back(r.value_or(0));
        total += r.value_or(0);
    }
    if (buckets.size() == 1)
        profile = core::rows_are_keys(bucket_rows);  // one bucket: nothing to compare, no noise
    else if (known && total > 0)
        profile = key_profile(set, buckets, known_rows, exact, s.no_profile);
    s.result = core::analyze_skew(bucket_rows, set.thresholds, profile);
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

}  // namespace pmx
