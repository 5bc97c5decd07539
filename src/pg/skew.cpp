// Skew of bucket sets: analyze_partition_skew(parent, exact) and the partition_distribution view.
// Row counts come from pg_class.reltuples (no scan; -1 = never analyzed = unknown) or, with
// exact => true, from counting: SELECT count(*) FROM leaf for every leaf (index-only or parallel
// scans when the planner prefers them), or one SELECT tableoid, count(*) FROM parent GROUP BY 1
// for many small leaves, or when the caller may not read the leaves directly or row-level
// security applies. Key sizes come from keyprofile.cpp; the math lives in
// core/skew.hpp.
#include "pg/skew.hpp"

#include "pg/catalog.hpp"
#include "pg/citus.hpp"
#include "pg/spi.hpp"
#include "pg/srf.hpp"

extern "C" {
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/lsyscache.h"
#include "utils/rls.h"
}

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>

extern "C" {
PG_FUNCTION_INFO_V1(partman_analyze_partition_skew);
PG_FUNCTION_INFO_V1(partman_partition_distribution);
Datum partman_analyze_partition_skew(PG_FUNCTION_ARGS);
Datum partman_partition_distribution(PG_FUNCTION_ARGS);
}

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

// Row counts per leaf (as the caller: SELECT privilege needed). Each leaf is counted by a
// statement of its own, SELECT count(*) FROM leaf, so that it gets the plan a user's count gets
// (index-only scan, parallel workers for a large leaf); one UNION ALL of the counts would be
// planned as one Parallel Append instead. Many small leaves are counted by one scan of the parent
// grouped by tableoid, where a statement per leaf would cost more to plan than to run.
std::unordered_map<Oid, int64_t> exact_counts(const BucketSet& set, const std::vector<Oid>& leaves) {
    if (is_citus_table(set.parent)) return citus_exact_counts(leaves);  // tableoid names shards there
    std::unordered_map<Oid, int64_t> out;
    if (leaves.empty()) return out;
    double estimated = 0;
    for (Oid leaf : leaves) estimated += std::max<int64_t>(estimated_rows(leaf), 0);
    const double per_statement_rows = 20000;  // ~ rows scanned in the time a statement is planned
    if (estimated >= per_statement_rows * double(leaves.size()) && leaves_readable(set, leaves)) {
        for (Oid leaf : leaves) out[leaf] = query("SELECT count(*) FROM " + qualified_name(leaf), {}, true).int8(0, 0);
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

std::vector<BucketSet> sets_for(FunctionCallInfo fcinfo) {
    if (PG_NARGS() > 0 && !PG_ARGISNULL(0)) return {bucket_set_or_default(PG_GETARG_OID(0))};
    return load_bucket_sets(std::nullopt);
}

namespace {

void notices(const SetSkew& s) {
    const char* parent = s.set.parent_text.c_str();
    if (!s.exact && s.unanalyzed > 0) {
        int n = s.unanalyzed;
        call([&] {
            ereport(NOTICE, (errmsg("%d partition(s) of %s have never been analyzed: their row counts are unknown", n, parent),
                             errdetail("pg_class.reltuples is -1 until the first ANALYZE or VACUUM; the statuses of this set are INSUFFICIENT_DATA."),
                             errhint("Run ANALYZE %s, or count rows with analyze_partition_skew('%s', exact => true).", parent, parent)));
        });
    }
    if (!s.no_profile.empty()) {
        const char* why = s.no_profile.c_str();
        call([&] {
            ereport(NOTICE, (errmsg("the key sizes of %s are unknown: its statuses are INSUFFICIENT_DATA", parent),
                             errdetail("The noise of uniform hashing depends on how many rows each key has; found %s.", why),
                             errhint("Run ANALYZE %s as a role that may read it, or partman_ext.refresh_key_statistics('%s').", parent, parent)));
        });
    }
}

std::optional<std::string> opt_double(bool known, double v) { return known ? std::optional<std::string>(fmt_double(v)) : std::nullopt; }

Datum analyze_impl(FunctionCallInfo fcinfo) {
    bool exact = PG_NARGS() > 1 && !PG_ARGISNULL(1) && PG_GETARG_BOOL(1);
    Spi spi;
    std::vector<BucketSet> sets = sets_for(fcinfo);
    SrfOut out(fcinfo);
    for (const BucketSet& set : sets) {
        SetSkew s = measure_set(set, exact, true);
        notices(s);
        const core::SkewSummary& m = s.result.summary;
        int64_t all_rows = m.total_rows + (s.default_index >= 0 && s.rows[s.default_index] ? *s.rows[s.default_index] : 0);
        std::optional<std::string> keys = opt_double(m.has_noise, m.effective_keys);
        std::optional<std::string> method = m.has_noise ? std::optional<std::string>(m.method) : std::nullopt;
        size_t b = 0;
        for (size_t i = 0; i < s.parts.size(); ++i) {
            const auto& rows = s.rows[i];
            TextRow row{rel_value(set.parent), rel_value(s.parts[i].oid), rows ? std::optional<std::string>(std::to_string(*rows)) : std::nullopt,
                        s.bytes[i] ? std::optional<std::string>(std::to_string(*s.bytes[i])) : std::nullopt};
            if (s.parts[i].is_default) {
                bool known = rows && m.unknown_partitions == 0 && all_rows > 0;
                row.push_back(opt_double(known, known ? double(*rows) / all_rows : 0));
                row.push_back(std::string("0"));
                row.push_back(std::nullopt);
                row.push_back(std::nullopt);
                row.push_back(std::string(core::skew_status_name(s.default_status)));
                row.insert(row.end(), {keys, method, std::nullopt});
            } else {
                const core::PartitionSkew& p = s.result.partitions[b++];
                row.push_back(opt_double(p.has_figures, p.share));
                row.push_back(fmt_double(p.expected_share));
                row.push_back(opt_double(p.has_figures, p.skew_factor));
                row.push_back(opt_double(p.has_figures && m.has_noise, p.z_score));
                row.push_back(std::string(core::skew_status_name(p.status)));
                row.insert(row.end(), {keys, method,
                                       m.has_noise ? std::optional<std::string>(std::to_string(std::llround(p.heavy_rows))) : std::nullopt});
            }
            row.resize(static_cast<size_t>(out.columns()));  // a 0.1.0 definition has 9 columns
            out.add(row);
        }
    }
    return (Datum)0;
}

Datum distribution_impl(FunctionCallInfo fcinfo) {
    Spi spi;
    std::vector<BucketSet> sets = load_bucket_sets(std::nullopt);
    SrfOut out(fcinfo);
    for (const BucketSet& set : sets) {
        SetSkew s = measure_set(set, false, false);
        const core::SkewSummary& m = s.result.summary;
        bool known = m.unknown_partitions == 0;
        auto num = [&](double v) { return opt_double(known, v); };
        auto whole = [&](int64_t v) { return known ? std::optional<std::string>(std::to_string(v)) : std::nullopt; };
        std::optional<std::string> default_rows;
        if (s.default_index >= 0 && s.rows[s.default_index]) default_rows = std::to_string(*s.rows[s.default_index]);
        double expected = m.partitions > 0 ? double(m.total_rows) / m.partitions : 0;
        TextRow row{rel_value(set.parent), std::to_string(m.partitions), whole(m.total_rows), num(m.mean_rows), num(m.stddev_rows),
                    num(m.cv), num(m.max_skew), num(m.max_mean_ratio), std::string(core::skew_status_name(s.status())),
                    whole(m.min_rows), whole(m.max_rows), default_rows, std::to_string(s.unanalyzed),
                    opt_double(m.has_noise, m.effective_keys), m.has_noise ? std::optional<std::string>(m.method) : std::nullopt,
                    opt_double(m.has_noise && expected > 0, expected > 0 ? m.noise_upper / expected : 0)};
        row.resize(static_cast<size_t>(out.columns()));  // a 0.1.0 definition has 13 columns
        out.add(row);
    }
    return (Datum)0;
}

}  // namespace
}  // namespace pg

Datum partman_analyze_partition_skew(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::analyze_impl(fcinfo); }); }
Datum partman_partition_distribution(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::distribution_impl(fcinfo); }); }
