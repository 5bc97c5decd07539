// Key sizes of a bucket set for the skew noise test (see skew.hpp key_profile, core/skew.hpp).
// Sources, first that covers every non-empty bucket:
//  1. partman_ext.key_statistics_partitions (refresh_key_statistics): every key counted; "exact"
//     while no leaf of the set was written to or rewritten since, else "key statistics";
//  2. the planner statistics of the key column (pg_statistic, read through the syscache the way
//     the planner does, with pg_stats' privilege rules): most common values' frequencies, null
//     fraction, number of distinct values -> "key statistics";
//  3. TABLESAMPLE BERNOULLI of the parent, about 30 000 rows, grouped by bucket and key -> "sample"
//     (no TABLESAMPLE and "exact" when the set has no more rows than that); only with exact counts
//     or for such a small set, since BERNOULLI reads every page.
#include "pg/catalog.hpp"
#include "engine/keystats.hpp"
#include "engine/skew.hpp"
#include "pg/spi.hpp"

extern "C" {
#include "access/htup_details.h"
#include "catalog/pg_statistic.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/lsyscache.h"
#include "utils/rls.h"
#include "utils/syscache.h"
}

#include <algorithm>
#include <cmath>
#include <map>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

namespace {

constexpr double kSampleRows = 30000;

std::string oid_array(const std::vector<Oid>& oids) {
    std::string s = "{";
    for (size_t i = 0; i < oids.size(); ++i) s += (i ? "," : "") + std::to_string(oids[i]);
    return s + "}";
}

// May the current user see statistics of `column` of relid (pg_stats' rule: SELECT on the column,
// and no row-level security in force)?
bool may_read_column(Oid relid, const std::string& column) {
    return call([&] {
        AttrNumber att = get_attnum(relid, column.c_str());
        if (att == InvalidAttrNumber) return false;
        Oid user = GetUserId();
        bool ok = pg_class_aclcheck(relid, user, ACL_SELECT) == ACLCHECK_OK ||
                  pg_attribute_aclcheck(relid, att, user, ACL_SELECT) == ACLCHECK_OK;
        return ok && check_enable_rls(relid, InvalidOid, true) != RLS_ENABLED;
    });
}

// 1. Counts kept by refresh_key_statistics.
bool from_counts(const BucketSet& set, const std::vector<BucketPartition>& buckets, const std::vector<int64_t>& rows,
                 bool counts_exact, core::KeyProfile& out) {
    Rows r = query("SELECT partition_name::oid, row_count, key_count, key_rows_sum_sq, top_key_rows::text, "
                   "n_tup_ins, n_tup_upd, n_tup_del, storage::text "
                   "FROM partman_ext.key_statistics_partitions WHERE parent_table = $1::oid::regclass",
                   {oid_param(set.parent)}, true);
    if (r.size() == 0) return false;
    std::map<Oid, size_t> at;
    for (size_t i = 0; i < r.size(); ++i) at[static_cast<Oid>(r.int8(i, 0))] = i;
    std::vector<PartitionWrites> now = partition_writes(buckets);
    bool unchanged = true;
    for (size_t b = 0; b < buckets.size(); ++b) {
        auto it = at.find(buckets[b].oid);
        if (it == at.end()) {
            if (rows[b] > 0) return false;
            out.buckets.emplace_back();
            continue;
        }
        size_t i = it->second;
        int64_t counted = r.int8(i, 1), keys = r.int8(i, 2);
        if (counted == 0 && rows[b] > 0) return false;
        PartitionWrites then{r.int8(i, 5), r.int8(i, 6), r.int8(i, 7), r.str(i, 8)};
        unchanged = unchanged && then == now[b] && (!counts_exact || counted == rows[b]);
        core::BucketKeys k;
        double listed = 0, listed_sq = 0;
        for (int64_t v : parse_int_array(r.str(i, 4))) {
            k.keys.push_back(double(v));
            listed += double(v);
            listed_sq += double(v) * double(v);
        }
        if (keys > static_cast<int64_t>(k.keys.size())) {
            k.rest_rows = std::max(0.0, double(counted) - listed);
            k.rest_sum_sq = std::max(0.0, std::stod(r.str(i, 3)) - listed_sq);
            k.rest_max = k.keys.empty() ? k.rest_rows : k.keys.back();
        }
        out.buckets.push_back(std::move(k));
    }
    out.method = unchanged ? "exact" : "key statistics";
    return true;
}

// Keys of one relation from its statistics row, in rows of `rel_rows`; false when it has none.
bool stats_keys(Oid relid, bool inherited, const std::string& column, double rel_rows, core::BucketKeys& k) {
    float null_frac = 0, distinct = 0;
    std::vector<double> freqs;
    bool found = call([&] {
        AttrNumber att = get_attnum(relid, column.c_str());
        if (att == InvalidAttrNumber) return false;
        HeapTuple tup = SearchSysCache3(STATRELATTINH, ObjectIdGetDatum(relid), Int16GetDatum(att), BoolGetDatum(inherited));
        if (!HeapTupleIsValid(tup)) return false;
        Form_pg_statistic st = (Form_pg_statistic)GETSTRUCT(tup);
        null_frac = st->stanullfrac;
        distinct = st->stadistinct;
        AttStatsSlot slot;
        if (get_attstatsslot(&slot, tup, STATISTIC_KIND_MCV, InvalidOid, ATTSTATSSLOT_NUMBERS)) {
            for (int i = 0; i < slot.nnumbers; ++i) freqs.push_back(slot.numbers[i]);
            free_attstatsslot(&slot);
        }
        ReleaseSysCache(tup);
        return true;
    });
    if (!found || distinct == 0 || rel_rows < 0) return false;
    double mcv = 0, least = 1;
    for (double f : freqs) {
        k.keys.push_back(f * rel_rows);
        mcv += f;
        least = std::min(least, f);
    }
    if (null_frac > 0) k.keys.push_back(null_frac * rel_rows);  // every NULL key routes to one partition
    double total_distinct = distinct > 0 ? distinct : -distinct * rel_rows;
    double rest = std::max(0.0, 1.0 - null_frac - mcv);
    double rest_distinct = std::max(1.0, total_distinct - double(freqs.size()));
    if (rest > 1e-12) {
        double avg = rest / rest_distinct;
        k.rest_rows += rest * rel_rows;
        k.rest_sum_sq += rest * avg * rel_rows * rel_rows;  // the other keys taken as equal in size
        // ANALYZE lists the values more common than the rest, so the rest stay below the rarest
        // listed one; with no list, allow twice the average.
        k.rest_max = std::max(k.rest_max, (freqs.empty() ? std::min(rest, 2 * avg) : std::max(avg, least)) * rel_rows);
    }
    return true;
}

// 2. Planner statistics of the key column, per bucket (a sub-partitioned bucket: its inherited
// statistics, else those of its leaves, each leaf's keys taken as separate keys).
bool from_planner_statistics(const BucketSet& set, const BucketKey& key, const std::vector<BucketPartition>& buckets,
                             const std::vector<int64_t>& rows, core::KeyProfile& out) {
    bool parent_ok = may_read_column(set.parent, key.column);
    for (size_t b = 0; b < buckets.size(); ++b) {
        core::BucketKeys k;
        if (rows[b] > 0) {
            const BucketPartition& p = buckets[b];
            bool single = p.leaves.size() == 1 && p.leaves[0] == p.oid;
            auto readable = [&](Oid rel) { return parent_ok ? call([&] { return check_enable_rls(rel, InvalidOid, true) != RLS_ENABLED; })
                                                            : may_read_column(rel, key.column); };
            bool ok = false;
            if (single) {
                ok = readable(p.oid) && stats_keys(p.oid, false, key.column, double(rows[b]), k);
            } else {
                ok = readable(p.oid) && stats_keys(p.oid, true, key.column, double(rows[b]), k);
                if (!ok) {
                    k = core::BucketKeys{};
                    ok = true;
                    for (Oid leaf : p.leaves) {
                        int64_t n = estimated_rows(leaf);
                        if (n > 0 && !(readable(leaf) && stats_keys(leaf, false, key.column, double(n), k))) ok = false;
                    }
                }
            }
            if (!ok) return false;
        }
        out.buckets.push_back(std::move(k));
    }
    out.method = "key statistics";
    return true;
}

// 3. A row sample of the set, grouped by bucket and key (run as the caller).
bool from_sample(const BucketSet& set, const BucketKey& key, const std::vector<BucketPartition>& buckets,
                 const std::vector<int64_t>& rows, core::KeyProfile& out, std::string& why) {
    if (!may_read_column(set.parent, key.column)) {
        why = "no statistics of column " + key.column + " that the current role may read, and no SELECT privilege on it to sample";
        return false;
    }
    double total = 0;
    std::vector<Oid> leaves, parts;
    for (size_t b = 0; b < buckets.size(); ++b) {
        total += double(rows[b]);
        for (Oid leaf : buckets[b].leaves) leaves.push_back(leaf), parts.push_back(static_cast<Oid>(b));
    }
    const bool whole = total <= kSampleRows;
    const double q = whole ? 1.0 : kSampleRows / total;
    char pct[40];
    snprintf(pct, sizeof pct, "%.9f", 100 * q);
    Rows r = query("SELECT m.bucket::bigint, count(*) FROM " + qualified_name(set.parent) +
                       (whole ? std::string(" t") : std::string(" t TABLESAMPLE BERNOULLI (") + pct + ") REPEATABLE (42)") +
                       " JOIN unnest($1::oid[], $2::oid[]) AS m(leaf, bucket) ON m.leaf = t.tableoid GROUP BY m.bucket, t." +
                       ident(key.column),
                   {text_param(oid_array(leaves)), text_param(oid_array(parts))}, true);
    // Per bucket, the fraction actually sampled (its sampled rows / its rows) rather than the
    // nominal one: BERNOULLI picks the same block positions in equally laid out partitions.
    std::vector<std::vector<double>> counts(buckets.size());
    for (size_t i = 0; i < r.size(); ++i) counts.at(static_cast<size_t>(r.int8(i, 0))).push_back(double(r.int8(i, 1)));
    out.buckets.assign(buckets.size(), core::BucketKeys{});
    const double listed_min = 5;  // sampled rows from which a key's size is taken individually
    for (size_t b = 0; b < buckets.size(); ++b) {
        double sampled = 0;
        for (double c : counts[b]) sampled += c;
        if (sampled <= 0) continue;
        const double qb = whole ? 1.0 : std::min(1.0, sampled / double(std::max<int64_t>(rows[b], 1)));
        core::BucketKeys& k = out.buckets[b];
        for (double c : counts[b]) {
            if (whole || c >= listed_min) {
                k.keys.push_back(c / qb);
            } else {
                k.rest_rows += c / qb;
                k.rest_sum_sq += (c * c - (1 - qb) * c) / (qb * qb);  // unbiased under Bernoulli sampling
                k.rest_max = std::max(k.rest_max, 2 * listed_min / qb);
            }
        }
    }
    out.method = whole ? "exact" : "sample";
    return true;
}

}  // namespace

core::KeyProfile key_profile(const BucketSet& set, const std::vector<BucketPartition>& buckets, const std::vector<int64_t>& rows,
                             bool counts_exact, std::string& why) {
    core::KeyProfile p;
    if (from_counts(set, buckets, rows, counts_exact, p)) return p;
    p = core::KeyProfile{};
    BucketKey key = bucket_key(set.parent);
    if (from_planner_statistics(set, key, buckets, rows, p)) return p;
    // Sampling reads every page (BERNOULLI): only when counting anyway, or for a small set.
    double total = 0;
    for (int64_t r : rows) total += double(r);
    if (!counts_exact && total > kSampleRows) {
        why = "no planner statistics of column " + key.column + " that the current role may read (never analyzed?)";
        return core::KeyProfile{};
    }
    p = core::KeyProfile{};
    if (from_sample(set, key, buckets, rows, p, why)) return p;
    return core::KeyProfile{};
}

}  // namespace pg

}  // namespace pmx
