// Skew of bucket sets: analyze_partition_skew(parent, exact) and the partition_distribution view.
// Row counts come from pg_class.reltuples (no scan; -1 = never analyzed = unknown) or, with
// exact => true, from ONE scan of the parent: SELECT tableoid, count(*) FROM parent GROUP BY 1.
// The math lives in core/skew.hpp.
#include "pg/skew.hpp"

#include "pg/catalog.hpp"
#include "pg/citus.hpp"
#include "pg/spi.hpp"
#include "pg/srf.hpp"

extern "C" {
#include "utils/lsyscache.h"
}

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

std::vector<BucketSet> sets_for(FunctionCallInfo fcinfo) {
    if (PG_NARGS() > 0 && !PG_ARGISNULL(0)) return {bucket_set_or_default(PG_GETARG_OID(0))};
    return load_bucket_sets(std::nullopt);
}

namespace {

void notice_unknown(const SetSkew& s) {
    if (s.exact || s.unanalyzed == 0) return;
    int n = s.unanalyzed;
    const char* parent = s.set.parent_text.c_str();
    call([&] {
        ereport(NOTICE, (errmsg("%d partition(s) of %s have never been analyzed: their row counts are unknown", n, parent),
                         errdetail("pg_class.reltuples is -1 until the first ANALYZE or VACUUM; the statuses of this set are INSUFFICIENT_DATA."),
                         errhint("Run ANALYZE %s, or count rows with analyze_partition_skew('%s', exact => true).", parent, parent)));
    });
}

Datum analyze_impl(FunctionCallInfo fcinfo) {
    bool exact = PG_NARGS() > 1 && !PG_ARGISNULL(1) && PG_GETARG_BOOL(1);
    Spi spi;
    std::vector<BucketSet> sets = sets_for(fcinfo);
    SrfOut out(fcinfo);
    for (const BucketSet& set : sets) {
        SetSkew s = measure_set(set, exact, true);
        notice_unknown(s);
        int64_t all_rows = s.result.summary.total_rows + (s.default_index >= 0 && s.rows[s.default_index] ? *s.rows[s.default_index] : 0);
        size_t b = 0;
        for (size_t i = 0; i < s.parts.size(); ++i) {
            const auto& rows = s.rows[i];
            TextRow row{rel_value(set.parent), rel_value(s.parts[i].oid), rows ? std::optional<std::string>(std::to_string(*rows)) : std::nullopt,
                        s.bytes[i] ? std::optional<std::string>(std::to_string(*s.bytes[i])) : std::nullopt};
            if (s.parts[i].is_default) {
                bool known = rows && s.result.summary.unknown_partitions == 0 && all_rows > 0;
                row.push_back(known ? std::optional<std::string>(fmt_double(double(*rows) / all_rows)) : std::nullopt);
                row.push_back(std::string("0"));
                row.push_back(std::nullopt);
                row.push_back(std::nullopt);
                row.push_back(std::string(core::skew_status_name(s.default_status)));
            } else {
                const core::PartitionSkew& p = s.result.partitions[b++];
                auto fig = [&](double v) { return p.has_figures ? std::optional<std::string>(fmt_double(v)) : std::nullopt; };
                row.push_back(fig(p.share));
                row.push_back(fmt_double(p.expected_share));
                row.push_back(fig(p.skew_factor));
                row.push_back(fig(p.z_score));
                row.push_back(std::string(core::skew_status_name(p.status)));
            }
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
        auto num = [&](double v) { return known ? std::optional<std::string>(fmt_double(v)) : std::nullopt; };
        auto whole = [&](int64_t v) { return known ? std::optional<std::string>(std::to_string(v)) : std::nullopt; };
        std::optional<std::string> default_rows;
        if (s.default_index >= 0 && s.rows[s.default_index]) default_rows = std::to_string(*s.rows[s.default_index]);
        out.add(TextRow{rel_value(set.parent), std::to_string(m.partitions), whole(m.total_rows), num(m.mean_rows), num(m.stddev_rows),
                        num(m.cv), num(m.max_skew), num(m.max_mean_ratio), std::string(core::skew_status_name(s.status())),
                        whole(m.min_rows), whole(m.max_rows), default_rows, std::to_string(s.unanalyzed)});
    }
    return (Datum)0;
}

}  // namespace
}  // namespace pg

Datum partman_analyze_partition_skew(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::analyze_impl(fcinfo); }); }
Datum partman_partition_distribution(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::distribution_impl(fcinfo); }); }
