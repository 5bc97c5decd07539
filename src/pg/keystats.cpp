// Heavy keys of bucket sets: refresh_key_statistics (fills partman_ext.key_statistics) and
// rebalancing_recommendations (advice from skew + key statistics, see core/rebalance.hpp).
#include "core/rebalance.hpp"
#include "pg/catalog.hpp"
#include "pg/citus.hpp"
#include "pg/checks.hpp"
#include "pg/skew.hpp"
#include "pg/spi.hpp"
#include "pg/srf.hpp"

extern "C" {
#include "partitioning/partdefs.h"
#include "portability/instr_time.h"
}

#include <cmath>
#include <map>

extern "C" {
PG_FUNCTION_INFO_V1(partman_refresh_key_statistics);
PG_FUNCTION_INFO_V1(partman_rebalancing_recommendations);
Datum partman_refresh_key_statistics(PG_FUNCTION_ARGS);
Datum partman_rebalancing_recommendations(PG_FUNCTION_ARGS);
}

namespace pg {
namespace {

struct RefreshOptions {
    int top_keys = 10;
    int64_t exact_below_rows = 200000;
    int64_t sample_rows = 200000;
};

// "{oid,oid}" / {"name","name"} array literals.
std::string array_literal(const std::vector<std::string>& items, bool quote) {
    std::string s = "{";
    for (size_t i = 0; i < items.size(); ++i) {
        if (i) s += ",";
        if (!quote) {
            s += items[i];
            continue;
        }
        s += '"';
        for (char c : items[i]) {
            if (c == '"' || c == '\\') s += '\\';
            s += c;
        }
        s += '"';
    }
    return s + "}";
}

std::string lit_or_null(const std::optional<std::string>& v) { return v ? literal(*v) : "NULL"; }

// Refreshes one set; returns the summary row.
TextRow refresh_set(const BucketSet& set, const RefreshOptions& opt) {
    instr_time start;
    INSTR_TIME_SET_CURRENT(start);
    BucketKey key = bucket_key(set.parent);
    std::vector<BucketPartition> parts = bucket_partitions(set.parent);
    std::vector<std::string> leaves, names;
    for (const BucketPartition& p : parts)
        for (Oid leaf : p.leaves) {
            leaves.push_back(std::to_string(leaf));
            names.push_back(qualified_name(p.oid));  // schema-qualified: the same under every search_path
        }
    // Rows to expect: reltuples, or ~100 bytes per row for leaves never analyzed. This only sizes
    // the sample; the estimates below scale by the sampling fraction actually used.
    Rows est = query("SELECT coalesce(sum(CASE WHEN c.reltuples >= 0 THEN c.reltuples ELSE pg_relation_size(c.oid) / 100.0 END), 0)::float8 "
                     "FROM pg_class c WHERE c.oid = ANY ($1::oid[])",
                     {text_param(array_literal(leaves, false))}, true);
    double estimated = std::stod(est.str(0, 0));
    const bool citus = is_citus_table(set.parent);
    if (citus) {  // the coordinator's leaves are empty shells: ask the shards
        estimated = 0;
        for (const BucketPartition& p : parts)
            for (Oid leaf : p.leaves) {
                int64_t n = estimated_rows(leaf);
                estimated += n >= 0 ? double(n) : double(total_bytes(leaf).value_or(0)) / 100.0;
            }
    }
    core::KeySamplePlan plan = core::plan_key_sample(estimated, opt.exact_below_rows, opt.sample_rows);
    char pct[40];
    snprintf(pct, sizeof pct, "%.9f", plan.percent);
    const std::string sample = plan.exact ? "" : std::string(" TABLESAMPLE BERNOULLI (") + pct + ")";
    const std::string key_text = "(" + ident(key.column) + ")::text";
    std::string k0 = "SELECT tableoid AS leaf, " + key_text + " AS key, count(*) AS n FROM " + qualified_name(set.parent) +
                     sample + " GROUP BY 1, 2";
    if (citus) {
        // Rows read from a Citus table carry the shard's tableoid: one scan per leaf instead.
        k0.clear();
        for (const std::string& leaf : leaves)
            k0 += std::string(k0.empty() ? "" : " UNION ALL ") + "SELECT " + leaf + "::oid AS leaf, " + key_text +
                  " AS key, count(*) AS n FROM ONLY " + qualified_name(static_cast<Oid>(std::stoul(leaf))) + sample +
                  " GROUP BY 2";
    }
    std::string sql =
        "WITH m AS (SELECT * FROM unnest($1::oid[], $2::text[]) AS m(leaf, part)), "
        "k0 AS (" + k0 + "), "
        "k AS (SELECT m.part, k0.key, sum(k0.n)::bigint AS n FROM k0 JOIN m USING (leaf) GROUP BY 1, 2), "
        "r AS (SELECT part, key, n, sum(n) OVER (PARTITION BY part) AS part_n, sum(n) OVER () AS all_n, "
        "row_number() OVER (PARTITION BY part ORDER BY n DESC, key) AS rnk FROM k) "
        "SELECT part, key, n, part_n::bigint, all_n::bigint, rnk FROM r WHERE rnk <= $3 ORDER BY part, rnk";
    Rows r;
    {
        AsUser owner(key.owner);
        r = query(sql, {text_param(array_literal(leaves, false)), text_param(array_literal(names, true)), int8_param(opt.top_keys)}, true);
    }
    const double fraction = plan.percent / 100.0;
    int64_t examined = r.size() ? r.int8(0, 4) : 0;
    double max_bound = 0;
    std::string values;
    for (size_t i = 0; i < r.size(); ++i) {
        int64_t n = r.int8(i, 2), part_n = r.int8(i, 3), all_n = r.int8(i, 4);
        double share = all_n ? double(n) / all_n : 0;
        double bound = plan.exact ? 0 : core::share_error_bound(share, double(all_n));
        max_bound = std::max(max_bound, bound);
        int64_t rows = plan.exact ? n : std::llround(n / fraction);
        values += std::string(values.empty() ? "" : ", ") + "(" + std::to_string(set.parent) + "::oid::regclass, " +
                  lit_or_null(r.at(i, 1)) + ", " + literal(r.str(i, 0)) + ", " + std::to_string(rows) + ", " +
                  fmt_double(share) + ", " + fmt_double(part_n ? double(n) / part_n : 0) + ", " + r.str(i, 5) + ", " +
                  (plan.exact ? "false, NULL" : std::string("true, ") + pct) + ", " + std::to_string(all_n) + ", " +
                  fmt_double(bound) + ")";
    }
    {
        AsUser ext(extension_owner());
        exec("DELETE FROM partman_ext.key_statistics WHERE parent_table = $1::oid::regclass", {oid_param(set.parent)});
        if (!values.empty())
            exec("INSERT INTO partman_ext.key_statistics (parent_table, key_value, partition_name, row_count, share, "
                 "partition_share, rank, sampled, sample_percent, rows_examined, error_bound) VALUES " + values);
    }
    instr_time now;
    INSTR_TIME_SET_CURRENT(now);
    INSTR_TIME_SUBTRACT(now, start);
    int64_t estimated_total = plan.exact ? examined : std::llround(examined / fraction);
    return TextRow{rel_value(set.parent),
                   std::to_string(parts.size()),
                   std::to_string(r.size()),
                   std::string(plan.exact ? "false" : "true"),
                   plan.exact ? std::nullopt : std::optional<std::string>(pct),
                   std::to_string(examined),
                   std::to_string(estimated_total),
                   fmt_double(max_bound),
                   fmt_double(INSTR_TIME_GET_MILLISEC(now))};
}

Datum refresh_impl(FunctionCallInfo fcinfo) {
    RefreshOptions opt;
    if (PG_NARGS() > 1 && !PG_ARGISNULL(1)) opt.top_keys = PG_GETARG_INT32(1);
    if (PG_NARGS() > 2 && !PG_ARGISNULL(2)) opt.exact_below_rows = PG_GETARG_INT64(2);
    if (PG_NARGS() > 3 && !PG_ARGISNULL(3)) opt.sample_rows = PG_GETARG_INT64(3);
    if (opt.top_keys < 1 || opt.top_keys > 1000)
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "top_keys must be between 1 and 1000",
                        "Got " + std::to_string(opt.top_keys) + ".", "The default keeps the 10 heaviest keys per partition.");
    if (opt.exact_below_rows < 0 || opt.sample_rows < 1000)
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "exact_below_rows must be >= 0 and sample_rows >= 1000",
                        "Got exact_below_rows " + std::to_string(opt.exact_below_rows) + ", sample_rows " +
                            std::to_string(opt.sample_rows) + ".",
                        "A sample of n rows bounds a key's share within about 1/sqrt(n).");
    Spi spi;
    bool one = PG_NARGS() > 0 && !PG_ARGISNULL(0);
    std::vector<BucketSet> sets = load_bucket_sets(one ? std::optional<Oid>(PG_GETARG_OID(0)) : std::nullopt);
    if (one && sets.empty()) {
        Oid parent = PG_GETARG_OID(0);
        BucketKey key = bucket_key(parent);  // a clearer error when it is not HASH/LIST at all
        throw UserError(ERRCODE_UNDEFINED_OBJECT, key.shown + " is not a registered bucket set",
                        "Key statistics are kept for registered bucket sets.",
                        "Register it with partman_ext.create_bucket_partitions('" + key.shown + "', buckets).");
    }
    SrfOut out(fcinfo);
    for (const BucketSet& set : sets) {
        if (one)
            require_owner(set.parent, set.parent_text);
        else if (!owner_or_admin(set.parent))
            continue;  // all sets: the ones the caller may maintain
        out.add(refresh_set(set, opt));
    }
    return (Datum)0;
}

// SetView of one set: skew estimates, key statistics, coverage of a LIST bucket expression;
// oids: each partition's name (as the view holds it) to its OID.
core::SetView view_of(const BucketSet& set, std::map<std::string, Oid>& oids) {
    SetSkew s = measure_set(set, false, false);
    BucketKey key = bucket_key(set.parent);
    core::SetView v;
    v.parent = set.parent_text;
    v.column = key.column;
    v.keydef = key.keydef;
    v.hash = key.strategy == PARTITION_STRATEGY_HASH;
    v.buckets = s.result.summary.partitions;
    v.thresholds = set.thresholds;
    v.summary = s.result.summary;
    if (!v.hash) {
        BucketBounds b = read_bucket_bounds(key, v.buckets);
        core::ValueRange range = bucket_expression_range(set.parent);
        v.expression_exact = range.exact;
        if (range.exact) v.uncovered = core::format_ranges(core::uncovered_ranges(range, b.list_values));
    }
    Rows ks = query("SELECT partition_name, coalesce(key_value, 'NULL'), share, partition_share, error_bound "
                    "FROM partman_ext.key_statistics WHERE parent_table = $1::oid::regclass ORDER BY partition_name, rank",
                    {oid_param(set.parent)}, true);
    v.key_stats = ks.size() > 0;
    std::map<std::string, std::vector<core::HotKey>> keys;
    for (size_t i = 0; i < ks.size(); ++i)
        keys[ks.str(i, 0)].push_back(core::HotKey{ks.str(i, 1), std::stod(ks.str(i, 2)), std::stod(ks.str(i, 3)), std::stod(ks.str(i, 4))});
    size_t b = 0;
    for (size_t i = 0; i < s.parts.size(); ++i) {
        core::PartitionView p;
        p.name = s.parts[i].name;
        oids[p.name] = s.parts[i].oid;
        p.is_default = s.parts[i].is_default;
        p.rows = s.rows[i];
        if (!p.is_default) p.skew = s.result.partitions[b++];
        auto it = keys.find(qualified_name(s.parts[i].oid));
        if (it != keys.end()) p.keys = it->second;
        v.partitions.push_back(std::move(p));
    }
    return v;
}

Datum recommend_impl(FunctionCallInfo fcinfo) {
    Spi spi;
    std::vector<BucketSet> sets = sets_for(fcinfo);
    SrfOut out(fcinfo);
    for (const BucketSet& set : sets) {
        std::map<std::string, Oid> oids;
        for (const core::Advice& a : core::recommend(view_of(set, oids))) {
            auto it = oids.find(a.partition);
            out.add(TextRow{rel_value(set.parent), it == oids.end() ? std::nullopt : rel_value(it->second), a.text,
                            a.kind, a.status, a.skew_factor ? std::optional<std::string>(fmt_double(*a.skew_factor)) : std::nullopt,
                            array_literal(a.keys, true)});
        }
    }
    return (Datum)0;
}

}  // namespace
}  // namespace pg

Datum partman_refresh_key_statistics(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::refresh_impl(fcinfo); }); }
Datum partman_rebalancing_recommendations(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::recommend_impl(fcinfo); }); }
