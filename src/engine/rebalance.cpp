// Advice for rebalancing_recommendations(parent) (see rebalance.hpp): readable advice per bucket set from the skew estimates
// (skew.cpp), the heaviest keys of each partition (key_statistics) and the coverage of a LIST
// bucket expression. The advice itself is pure C++ (core/rebalance.hpp).
#include "core/rebalance.hpp"
#include "pg/catalog.hpp"
#include "engine/skew.hpp"
#include "pg/spi.hpp"
#include "pg/srf.hpp"
#include "engine/rebalance.hpp"

extern "C" {
#include "partitioning/partdefs.h"
}

#include <map>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {
namespace {

// {"a","b"} array literal.
std::string text_array(const std::vector<std::string>& items) {
    std::string s = "{";
    for (size_t i = 0; i < items.size(); ++i) {
        s += (i ? ",\"" : "\"");
        for (char c : items[i]) {
            if (c == '"' || c == '\\') s += '\\';
            s += c;
        }
        s += '"';
    }
    return s + "}";
}

// The heaviest keys of each partition (up to 5), with their shares, from key_statistics.
std::map<Oid, std::vector<core::HotKey>> heavy_keys(Oid parent, bool& any) {
    Rows ks = query(
        "WITH p AS (SELECT partition_name, row_count, sum(row_count) OVER () AS set_rows "
        "           FROM partman_ext.key_statistics_partitions WHERE parent_table = $1::oid::regclass) "
        "SELECT p.partition_name::oid, coalesce(k.key_value, 'NULL'), k.row_count::float8 / nullif(p.set_rows, 0), "
        "       k.row_count::float8 / nullif(p.row_count, 0) "
        "FROM p CROSS JOIN LATERAL (SELECT key_value, row_count FROM partman_ext.key_statistics k "
        "      WHERE k.parent_table = $1::oid::regclass AND k.partition_name = p.partition_name "
        "      ORDER BY k.row_count DESC, k.key_value LIMIT 5) k ORDER BY 1, k.row_count DESC, k.key_value",
        {oid_param(parent)}, true);
    any = query("SELECT 1 FROM partman_ext.key_statistics_partitions WHERE parent_table = $1::oid::regclass LIMIT 1",
                {oid_param(parent)}, true).size() > 0;
    std::map<Oid, std::vector<core::HotKey>> keys;
    for (size_t i = 0; i < ks.size(); ++i)
        keys[static_cast<Oid>(ks.int8(i, 0))].push_back(
            core::HotKey{ks.str(i, 1), ks.at(i, 2) ? std::stod(ks.str(i, 2)) : 0, ks.at(i, 3) ? std::stod(ks.str(i, 3)) : 0});
    return keys;
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
    v.expression = key.expression;
    if (key.expression)
        v.key_expression = query("SELECT pg_catalog.pg_get_expr(partexprs, partrelid, true) FROM pg_catalog.pg_partitioned_table WHERE partrelid = $1",
                                 {oid_param(set.parent)}, true).str(0, 0);
    v.buckets = s.result.summary.partitions;
    v.thresholds = set.thresholds;
    v.summary = s.result.summary;
    if (!v.hash) {
        BucketBounds b = read_bucket_bounds(key, v.buckets);
        core::ValueRange range = bucket_expression_range(set.parent);
        v.expression_exact = range.exact;
        if (range.exact) v.uncovered = core::format_ranges(core::uncovered_ranges(range, b.list_values));
    }
    std::map<Oid, std::vector<core::HotKey>> keys = heavy_keys(set.parent, v.key_stats);
    size_t b = 0;
    for (size_t i = 0; i < s.parts.size(); ++i) {
        core::PartitionView p;
        p.name = s.parts[i].name;
        oids[p.name] = s.parts[i].oid;
        p.is_default = s.parts[i].is_default;
        p.rows = s.rows[i];
        if (!p.is_default) p.skew = s.result.partitions[b++];
        auto it = keys.find(s.parts[i].oid);
        if (it != keys.end()) p.keys = it->second;
        v.partitions.push_back(std::move(p));
    }
    return v;
}

}  // namespace

std::vector<TextRow> rebalancing_recommendations(std::optional<Oid> parent) {
    std::vector<TextRow> out;
    for (const BucketSet& set : sets_for(parent)) {
        std::map<std::string, Oid> oids;
        for (const core::Advice& a : core::recommend(view_of(set, oids))) {
            auto it = oids.find(a.partition);
            out.push_back(TextRow{rel_value(set.parent), it == oids.end() ? std::nullopt : rel_value(it->second),
                                  a.text, a.kind, a.status,
                                  a.skew_factor ? std::optional<std::string>(fmt_double(*a.skew_factor)) : std::nullopt,
                                  text_array(a.keys)});
        }
    }
    return out;
}

}  // namespace pg

}  // namespace pmx
