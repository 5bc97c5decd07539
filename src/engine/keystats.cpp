// Every key of a bucket set: refresh_key_statistics() keeps partman_ext.key_statistics (one row per
// key: rows, bytes, the sum of a value column, first/last seen, partition) and
// key_statistics_partitions (per partition: what the skew test needs, and the write counters and
// storage of its leaves when it was counted). A partition is counted again only when those have
// changed, so a refresh costs one GROUP BY scan of the partitions written to since the last one.
#include "engine/keystats.hpp"

#include "pg/catalog.hpp"
#include "pg/citus.hpp"
#include "engine/checks.hpp"
#include "engine/skew.hpp"
#include "pg/spi.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "portability/instr_time.h"
#include "utils/lsyscache.h"
}

#include <algorithm>
#include <map>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

std::vector<int64_t> parse_int_array(const std::string& text) {
    std::vector<int64_t> out;
    std::string cur;
    for (char c : text) {
        if ((c >= '0' && c <= '9') || c == '-') {
            cur += c;
        } else if (!cur.empty()) {
            out.push_back(std::stoll(cur));
            cur.clear();
        }
    }
    if (!cur.empty()) out.push_back(std::stoll(cur));
    return out;
}

std::vector<PartitionWrites> partition_writes(const std::vector<BucketPartition>& parts) {
    std::string idx = "{", leaves = "{";
    for (size_t i = 0; i < parts.size(); ++i)
        for (Oid leaf : parts[i].leaves) {
            idx += (idx.size() > 1 ? "," : "") + std::to_string(i);
            leaves += (leaves.size() > 1 ? "," : "") + std::to_string(leaf);
        }
    Rows r = query("SELECT m.i, sum(pg_catalog.pg_stat_get_tuples_inserted(m.leaf))::bigint, "
                   "sum(pg_catalog.pg_stat_get_tuples_updated(m.leaf))::bigint, sum(pg_catalog.pg_stat_get_tuples_deleted(m.leaf))::bigint, "
                   "array_agg(c.relfilenode ORDER BY m.leaf)::text "
                   "FROM unnest($1::int[], $2::oid[]) AS m(i, leaf) JOIN pg_catalog.pg_class c ON c.oid = m.leaf GROUP BY m.i",
                   {text_param(idx + "}"), text_param(leaves + "}")}, true);
    std::vector<PartitionWrites> out(parts.size());
    for (size_t i = 0; i < r.size(); ++i)
        out.at(static_cast<size_t>(r.int8(i, 0))) = PartitionWrites{r.int8(i, 1), r.int8(i, 2), r.int8(i, 3), r.str(i, 4)};
    return out;
}

namespace {

struct Columns {
    std::optional<std::string> value, time;  // the set's value_column / time_column
};

// Checks a column chosen for key statistics: it exists and has the right kind of type.
void check_column(Oid parent, const std::string& shown, const std::string& column, bool time) {
    Oid type = call([&] {
        AttrNumber att = get_attnum(parent, column.c_str());
        return att > 0 ? get_atttype(parent, att) : InvalidOid;
    });
    if (!OidIsValid(type))
        throw UserError(ERRCODE_UNDEFINED_COLUMN, "column \"" + column + "\" of " + shown + " does not exist",
                        "Key statistics aggregate a column of the set's parent per key.", "Name an existing column, or '' for none.");
    bool ok = time ? (type == TIMESTAMPTZOID || type == TIMESTAMPOID || type == DATEOID)
                   : call([&] {
                         char category;
                         bool preferred;
                         get_type_category_preferred(type, &category, &preferred);
                         return category == TYPCATEGORY_NUMERIC;
                     });
    if (!ok)
        throw UserError(ERRCODE_DATATYPE_MISMATCH,
                        "column \"" + column + "\" of " + shown + (time ? " is not a timestamp or date" : " is not numeric"),
                        std::string(time ? "time_column gives first_seen / last_seen: timestamptz, timestamp or date."
                                         : "value_column is summed per key: a numeric type (smallint .. numeric, real, double precision)."),
                        "Name another column, or '' for none.");
}

// The set's stored columns, updated from the arguments (nullopt = keep, "" = clear). True when changed.
bool settle_columns(const BucketSet& set, const std::optional<std::string>& value, const std::optional<std::string>& time, Columns& c) {
    Rows r = query("SELECT value_column::text, time_column::text FROM partman_ext.key_statistics_settings WHERE parent_table = $1::oid::regclass",
                   {oid_param(set.parent)}, true);
    if (r.size()) c = Columns{r.at(0, 0), r.at(0, 1)};
    Columns want = c;
    if (value) want.value = value->empty() ? std::nullopt : value;
    if (time) want.time = time->empty() ? std::nullopt : time;
    if (want.value) check_column(set.parent, set.parent_text, *want.value, false);
    if (want.time) check_column(set.parent, set.parent_text, *want.time, true);
    if (r.size() && want.value == c.value && want.time == c.time) return false;
    AsUser ext(extension_owner());
    exec("INSERT INTO partman_ext.key_statistics_settings (parent_table, value_column, time_column) VALUES ($1::oid::regclass, $2, $3) "
         "ON CONFLICT (parent_table) DO UPDATE SET value_column = EXCLUDED.value_column, time_column = EXCLUDED.time_column",
         {oid_param(set.parent), text_param(want.value), text_param(want.time)});
    bool changed = r.size() == 0 ? (want.value || want.time) : true;
    c = want;
    return changed;
}

// SELECT list aggregating one partition per key (run as the parent's owner).
std::string key_query(Oid parent, const BucketKey& key, const Columns& c, Oid partition) {
    Rows cols = query("SELECT attname::text FROM pg_catalog.pg_attribute WHERE attrelid = $1 AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
                      {oid_param(parent)}, true);
    std::string bytes;
    for (size_t i = 0; i < cols.size(); ++i)
        bytes += (i ? " + " : "") + std::string("coalesce(pg_catalog.pg_column_size(t.") + ident(cols.str(i, 0)) + "), 0)";
    if (bytes.empty()) bytes = "0";
    std::string k = "t." + ident(key.column);
    return "SELECT (" + k + ")::text, count(*), sum(" + bytes + ")::bigint, " +
           (c.value ? "sum(t." + ident(*c.value) + ")::numeric" : std::string("NULL::numeric")) + ", " +
           (c.time ? "min(t." + ident(*c.time) + ")::timestamptz, max(t." + ident(*c.time) + ")::timestamptz" : std::string("NULL::timestamptz, NULL::timestamptz")) +
           " FROM " + qualified_name(partition) + " t GROUP BY " + k;
}

struct Counted {
    int64_t rows = 0, keys = 0;
};

// Counts one partition's keys and replaces its rows in key_statistics and key_statistics_partitions.
Counted count_partition(const BucketSet& set, const BucketKey& key, const Columns& c, const BucketPartition& part,
                        const PartitionWrites& writes) {
    instr_time start, end;
    INSTR_TIME_SET_CURRENT(start);
    Rows r;
    {
        AsUser owner(key.owner);
        r = query(key_query(set.parent, key, c, part.oid), {}, true);
    }
    std::vector<std::optional<std::string>> keys, rows, bytes, sums, firsts, lasts;
    std::vector<int64_t> sizes;
    double sum_sq = 0;
    Counted out;
    for (size_t i = 0; i < r.size(); ++i) {
        keys.push_back(r.at(i, 0));
        rows.push_back(r.at(i, 1));
        bytes.push_back(r.at(i, 2));
        sums.push_back(r.at(i, 3));
        firsts.push_back(r.at(i, 4));
        lasts.push_back(r.at(i, 5));
        int64_t n = r.int8(i, 1);
        sizes.push_back(n);
        sum_sq += double(n) * double(n);
        out.rows += n;
    }
    out.keys = static_cast<int64_t>(r.size());
    size_t top = std::min<size_t>(sizes.size(), 100);
    std::partial_sort(sizes.begin(), sizes.begin() + top, sizes.end(), std::greater<int64_t>());
    std::string top_rows = "{";
    for (size_t i = 0; i < top; ++i) top_rows += (i ? "," : "") + std::to_string(sizes[i]);
    INSTR_TIME_SET_CURRENT(end);
    INSTR_TIME_SUBTRACT(end, start);
    AsUser ext(extension_owner());
    exec("DELETE FROM partman_ext.key_statistics WHERE parent_table = $1::oid::regclass AND partition_name = $2::oid::regclass",
         {oid_param(set.parent), oid_param(part.oid)});
    exec("INSERT INTO partman_ext.key_statistics (parent_table, partition_name, key_value, row_count, bytes, value_sum, "
         "first_seen, last_seen, refreshed_at) "
         "SELECT $1::oid::regclass, $2::oid::regclass, k, n::bigint, b::bigint, s::numeric, f::timestamptz, l::timestamptz, partman_ext.clock() "
         "FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS u(k, n, b, s, f, l)",
         {oid_param(set.parent), oid_param(part.oid), text_array_param(keys), text_array_param(rows), text_array_param(bytes),
          text_array_param(sums), text_array_param(firsts), text_array_param(lasts)});
    exec("INSERT INTO partman_ext.key_statistics_partitions (parent_table, partition_name, row_count, key_count, key_rows_sum_sq, "
         "top_key_rows, n_tup_ins, n_tup_upd, n_tup_del, storage, refreshed_at, duration_ms) "
         "VALUES ($1::oid::regclass, $2::oid::regclass, $3, $4, $5::float8, $6::bigint[], $7, $8, $9, $10::oid[], partman_ext.clock(), $11::float8) "
         "ON CONFLICT (parent_table, partition_name) DO UPDATE SET row_count = EXCLUDED.row_count, key_count = EXCLUDED.key_count, "
         "key_rows_sum_sq = EXCLUDED.key_rows_sum_sq, top_key_rows = EXCLUDED.top_key_rows, n_tup_ins = EXCLUDED.n_tup_ins, "
         "n_tup_upd = EXCLUDED.n_tup_upd, n_tup_del = EXCLUDED.n_tup_del, storage = EXCLUDED.storage, "
         "refreshed_at = EXCLUDED.refreshed_at, duration_ms = EXCLUDED.duration_ms",
         {oid_param(set.parent), oid_param(part.oid), int8_param(out.rows), int8_param(out.keys), text_param(fmt_double(sum_sq)),
          text_param(top_rows + "}"), int8_param(writes.ins), int8_param(writes.upd), int8_param(writes.del), text_param(writes.storage),
          text_param(fmt_double(INSTR_TIME_GET_MILLISEC(end)))});
    return out;
}

TextRow refresh_set(const BucketSet& set, const KeyStatsOptions& opt) {
    instr_time start;
    INSTR_TIME_SET_CURRENT(start);
    Columns cols;
    bool full = settle_columns(set, opt.value, opt.time, cols) || opt.full;
    BucketKey key = bucket_key(set.parent);
    std::vector<BucketPartition> parts = bucket_partitions(set.parent);
    std::vector<PartitionWrites> writes = partition_writes(parts);  // before counting: later writes show next time
    Rows tracked;
    {
        AsUser ext(extension_owner());  // the caller may maintain the set without reading it (row-level security)
        tracked = query("SELECT partition_name::oid, n_tup_ins, n_tup_upd, n_tup_del, storage::text "
                        "FROM partman_ext.key_statistics_partitions WHERE parent_table = $1::oid::regclass",
                        {oid_param(set.parent)}, true);
    }
    std::map<Oid, PartitionWrites> then;
    for (size_t i = 0; i < tracked.size(); ++i)
        then[static_cast<Oid>(tracked.int8(i, 0))] = PartitionWrites{tracked.int8(i, 1), tracked.int8(i, 2), tracked.int8(i, 3), tracked.str(i, 4)};
    std::string current = "{";
    for (size_t i = 0; i < parts.size(); ++i) current += (i ? "," : "") + std::to_string(parts[i].oid);
    {
        AsUser ext(extension_owner());  // partitions detached or dropped since: forget them
        for (const char* table : {"key_statistics", "key_statistics_partitions"})
            exec(std::string("DELETE FROM partman_ext.") + table +
                     " WHERE parent_table = $1::oid::regclass AND NOT partition_name::oid = ANY ($2::oid[])",
                 {oid_param(set.parent), text_param(current + "}")});
    }
    int refreshed = 0;
    int64_t counted = 0;
    for (size_t i = 0; i < parts.size(); ++i) {
        auto it = then.find(parts[i].oid);
        if (!full && it != then.end() && it->second == writes[i]) continue;
        counted += count_partition(set, key, cols, parts[i], writes[i]).rows;
        ++refreshed;
    }
    Rows keys;
    {
        AsUser ext(extension_owner());
        // Not read-only: it must see the rows written above.
        keys = query("SELECT coalesce(sum(key_count), 0)::bigint FROM partman_ext.key_statistics_partitions WHERE parent_table = $1::oid::regclass",
                     {oid_param(set.parent)});
    }
    instr_time now;
    INSTR_TIME_SET_CURRENT(now);
    INSTR_TIME_SUBTRACT(now, start);
    return TextRow{rel_value(set.parent), std::to_string(parts.size()), std::to_string(refreshed), keys.str(0, 0),
                   std::to_string(counted), fmt_double(INSTR_TIME_GET_MILLISEC(now))};
}

}  // namespace

std::vector<TextRow> refresh_key_statistics(std::optional<Oid> parent, const KeyStatsOptions& opt) {
    bool one = parent.has_value();
    if (!one && (opt.value || opt.time))
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "value_column and time_column need a parent",
                        "They name columns of one set's parent table.", "Call refresh_key_statistics('parent', value_column => ..).");
    std::vector<BucketSet> sets = load_bucket_sets(parent);
    if (one && sets.empty()) {
        BucketKey key = bucket_key(*parent);  // a clearer error when it is not HASH/LIST at all
        throw UserError(ERRCODE_UNDEFINED_OBJECT, key.shown + " is not a registered bucket set",
                        "Key statistics are kept for registered bucket sets.",
                        "Register it with partman_ext.create_bucket_partitions('" + key.shown + "', buckets).");
    }
    std::vector<TextRow> out;
    for (const BucketSet& set : sets) {
        if (one)
            require_owner(set.parent, set.parent_text);
        else if (!owner_or_admin(set.parent))
            continue;  // all sets: the ones the caller may maintain
        out.push_back(refresh_set(set, opt));
    }
    return out;
}

}  // namespace pg

}  // namespace pmx
