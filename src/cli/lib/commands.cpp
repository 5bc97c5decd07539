// The commands of the partman_ext client; see commands.hpp.
#include "cli/lib/commands.hpp"

#include <algorithm>
#include <map>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace cli {
namespace {

// A set of the selection: a parent given with --parent (NULL = every set).
const char* const kParentFilter = "($1::regclass IS NULL OR parent_table::regclass = $1::regclass)";

struct Context {
    Db& db;
    const Options& o;
    Value parent;                    // --parent as given
    std::optional<std::string> strategy;  // of the --parent set
};

Section fetch(Context& c, std::string key, std::string title, const std::string& select, const std::string& order_by,
              std::vector<Value> params) {
    Section s;
    s.key = std::move(key);
    s.title = std::move(title);
    std::string sql = "SELECT t.*, pg_catalog.to_json(t) AS " + std::string(kJsonColumn) + " FROM (" + select + ") t";
    if (!order_by.empty()) sql += " ORDER BY " + order_by;
    s.result = c.db.query(sql, params);
    return s;
}

// Counts of the words of a column, worst status first: "1 CRITICAL, 2 HEALTHY".
std::string count_words(const ResultSet& rs, const char* column, bool by_status) {
    std::map<std::string, int> n;
    for (std::size_t r = 0; r < rs.rows.size(); ++r) ++n[rs.get(r, column).value_or("NULL")];
    std::vector<std::pair<std::string, int>> v(n.begin(), n.end());
    if (by_status)
        std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
            return worst(status_of(a.first), status_of(b.first)) == status_of(a.first) &&
                   status_of(a.first) != status_of(b.first);
        });
    std::string out;
    for (const auto& [word, count] : v) out += (out.empty() ? "" : ", ") + std::to_string(count) + " " + word;
    return out;
}

Status worst_of(const ResultSet& rs, const char* column) {
    Status s = Status::Ok;
    for (std::size_t r = 0; r < rs.rows.size(); ++r)
        if (auto w = rs.get(r, column)) s = worst(s, status_of(*w));
    return s;
}

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// "3 sets: 1 CRITICAL, 2 HEALTHY", or `none` without rows.
std::string summary_of(const ResultSet& rs, const char* column, const char* one, const char* many, const char* none,
                       bool by_status) {
    if (rs.rows.empty()) return none;
    return plural(rs.rows.size(), one, many) + ": " + count_words(rs, column, by_status);
}

Output named(const char* command) {
    Output out;
    out.command = command;
    return out;
}


Output health(Context& c) {
    Output out = named("health");
    Section sets = fetch(c, "sets", "Partition sets",
        "SELECT parent_table, strategy, status, partitions, future_coverage, premake, partitions_pending_cleanup, "
        "rows_in_default, total_rows, partitions_unanalyzed, total_bytes, total_size, max_skew, alerts "
        "FROM partman_ext.partition_health_summary WHERE " + std::string(kParentFilter),
        "t.parent_table::text", {c.parent});
    sets.shown = {"parent_table", "strategy", "status", "partitions", "future_coverage", "premake",
                  "partitions_pending_cleanup", "rows_in_default", "total_rows", "total_size", "max_skew"};
    Section alerts = fetch(c, "alerts", "Alerts",
        "SELECT severity, code, parent_table, partition_name, message, recommendation "
        "FROM partman_ext.check_partition_health($1::regclass)", "", {c.parent});
    alerts.style = Section::Style::Alerts;
    out.status = worst_of(sets.result, "status");
    out.summary = summary_of(sets.result, "status", "set", "sets", "no partition set is registered", true);
    out.sections = {std::move(sets), std::move(alerts)};
    return out;
}

Output distribution(Context& c) {
    Output out = named("distribution");
    Section sets = fetch(c, "sets", "Bucket sets",
        "SELECT parent_table, partitions, total_rows, mean_rows, stddev_rows, cv, max_skew, max_mean_ratio, status, "
        "min_rows, max_rows, default_rows, unanalyzed_partitions "
        "FROM partman_ext.partition_distribution WHERE " + std::string(kParentFilter),
        "t.parent_table::text", {c.parent});
    Section parts = fetch(c, "partitions", "Rows per partition",
        "SELECT parent_table, partition_name, strategy, is_default, row_estimate, row_percentage, expected_percentage, "
        "avg_row_bytes, data_age, xid_age "
        "FROM partman_ext.partition_chunk_distribution WHERE " + std::string(kParentFilter),
        "t.parent_table::text, t.is_default, t.data_age DESC NULLS LAST, t.partition_name", {c.parent});
    parts.shown = {"parent_table", "partition_name", "row_estimate", "row_percentage", "expected_percentage",
                   "avg_row_bytes", "data_age"};
    parts.chart = Chart{"row_percentage", "expected_percentage", "parent_table", "rows (| = even share of a bucket)",
                        "strategy", "bucket"};
    out.status = worst_of(sets.result, "status");
    out.summary = summary_of(sets.result, "status", "bucket set", "bucket sets", "no bucket set", true);
    out.sections = {std::move(sets), std::move(parts)};
    return out;
}

Output sizes(Context& c) {
    Output out = named("sizes");
    Section s = fetch(c, "partitions", "Partition sizes",
        "SELECT partition_name, start_date, end_date, row_count, size_mb, parent_table, bytes "
        "FROM partman_ext.v_partition_sizes WHERE " + std::string(kParentFilter),
        "t.parent_table::text, t.start_date NULLS LAST, t.bytes DESC NULLS LAST, t.partition_name", {c.parent});
    s.shown = {"parent_table", "partition_name", "start_date", "end_date", "row_count", "size_mb"};
    s.chart = Chart{"bytes", "", "parent_table", "size", "", ""};
    out.sections = {std::move(s)};
    return out;
}

Output hot(Context& c) {
    Output out = named("hot");
    Section s = fetch(c, "hot_spots", "Writes per partition (partitions written in the last week)",
        "SELECT parent_table, partition_name, writes_hour, writes_day, writes_week, hour_percentage, day_percentage, "
        "week_percentage, expected_percentage, is_default, first_sampled_at, last_sampled_at "
        "FROM partman_ext.partition_hot_spots WHERE writes_week > 0 AND " + std::string(kParentFilter),
        "t.parent_table::text, t.writes_hour DESC NULLS LAST, t.writes_day DESC NULLS LAST, t.partition_name",
        {c.parent});
    s.shown = {"parent_table", "partition_name", "writes_hour", "hour_percentage", "writes_day", "day_percentage",
               "writes_week", "week_percentage"};
    s.chart = Chart{"writes_hour", "", "parent_table", "writes in the last hour", "", ""};
    Section h = fetch(c, "writes_per_hour", "Writes per hour, last 24 hours (" + c.parent.value_or("every set") + ")",
        "SELECT hour, sum(writes)::bigint AS writes FROM partman_ext.partition_writes_per_hour($1::regclass, 24) "
        "GROUP BY hour", "t.hour", {c.parent});
    h.chart = Chart{"writes", "", "", "bar", "", ""};
    out.sections = {std::move(s), std::move(h)};
    return out;
}

Output skew(Context& c) {
    Output out = named("skew");
    out.status = Status::Ok;
    if (c.strategy && *c.strategy != "bucket") {
        // Skew is measured for bucket sets only: an empty answer, not an error.
        Section s;
        s.key = "partitions";
        s.title = "Skew of bucket partitions";
        for (const char* name : {"parent_table", "partition_name", "row_count", "share", "expected_share",
                                 "skew_factor", "status"})
            s.result.columns.push_back(Column{name, Kind::Text});
        out.summary = *c.parent + " is not a bucket set";
        out.sections = {std::move(s)};
        return out;
    }
    Section s = fetch(c, "partitions", "Skew of bucket partitions",
        "SELECT parent_table, partition_name, row_count, bytes, share, expected_share, skew_factor, z_score, status "
        "FROM partman_ext.analyze_partition_skew($1::regclass, $2::boolean)", "",
        {c.parent, std::string(c.o.exact ? "true" : "false")});
    s.chart = Chart{"share", "expected_share", "parent_table", "share (| = 1/N)", "", ""};
    out.status = worst_of(s.result, "status");
    out.summary = summary_of(s.result, "status", "partition", "partitions", "no bucket set", true);
    out.sections = {std::move(s)};
    return out;
}

Output refresh(Context& c) {
    Output out = named("refresh");
    out.sections = {fetch(c, "sets", "Key statistics refreshed",
        "SELECT parent_table, partitions, refreshed_partitions, keys, rows_counted, duration_ms "
        "FROM partman_ext.refresh_key_statistics($1::regclass)", "", {c.parent})};
    return out;
}

// Seed 000's `collections`: every key with its rows, share of the set, bytes, value sum (e.g.
// tokens) and its average, first and last seen, partition — heaviest first.
Output collections(Context& c) {
    Output out = named("collections");
    Section s = fetch(c, "keys", "Keys of the bucket sets (key_statistics)",
        "SELECT parent_table, partition_name, key_value, row_count, "
        "round(row_count::numeric / nullif(sum(row_count) OVER (PARTITION BY parent_table), 0), 6) AS share, "
        "bytes, value_sum, round(value_sum / nullif(row_count, 0), 2) AS avg_value, first_seen, last_seen, refreshed_at "
        "FROM partman_ext.key_statistics WHERE " + std::string(kParentFilter),
        "t.parent_table::text, t.row_count DESC, t.key_value", {c.parent});
    s.shown = {"parent_table", "partition_name", "key_value", "row_count", "share", "value_sum", "avg_value", "last_seen"};
    s.chart = Chart{"share", "", "parent_table", "share of the set", "", ""};
    out.sections = {std::move(s)};
    return out;
}

Output plan(Context& c) {
    Output out = named("plan");
    Section s = fetch(c, "actions", "Next maintenance (dry run)",
        "SELECT parent_table, partition_name, lower_bound, upper_bound, est_rows, bytes, rows_moved, action, message "
        "FROM partman_ext.run_partition_maintenance($1::regclass, true)", "", {c.parent});
    out.summary = summary_of(s.result, "action", "action", "actions", "nothing to do", false);
    out.sections = {std::move(s)};
    return out;
}

Output full(Context& c) {
    Output out = named("full");
    out.parts = {health(c), distribution(c), sizes(c), hot(c), skew(c), collections(c), plan(c)};
    Status s = Status::Ok;
    for (const Output& p : out.parts)
        if (p.status) s = worst(s, *p.status);
    out.status = s;
    out.summary = out.parts.front().summary;
    return out;
}

}  // namespace

Output run_command(Db& db, const Options& o) {
    Context c{db, o, o.parent, std::nullopt};
    if (o.parent) {
        ResultSet r = db.query("SELECT strategy FROM partman_ext.part_config WHERE parent_table = $1::regclass", {o.parent});
        if (r.rows.empty())
            throw DbError(*o.parent + " is not a registered partition set", "22023",
                          "partman_ext reports on the sets listed in partman_ext.part_config.",
                          "Leave out --parent for every set, or register it with partman_ext.register_partition_set().");
        c.strategy = r.rows[0][0];
    }
    Output out;
    if (o.command == "health") out = health(c);
    else if (o.command == "distribution") out = distribution(c);
    else if (o.command == "sizes") out = sizes(c);
    else if (o.command == "hot") out = hot(c);
    else if (o.command == "skew") out = skew(c);
    else if (o.command == "refresh") out = refresh(c);
    else if (o.command == "collections") out = collections(c);
    else if (o.command == "plan") out = plan(c);
    else if (o.command == "full") out = full(c);
    else throw DbError("unknown command \"" + o.command + "\"");
    ResultSet now = db.query("SELECT pg_catalog.to_json(partman_ext.clock()) #>> '{}' AS generated_at", {});
    if (!now.rows.empty() && now.rows[0][0]) out.generated_at = *now.rows[0][0];
    return out;
}

}  // namespace cli

}  // namespace pmx
