// Starting a conversion and its dry run (see convert.hpp); the steps are in convert_step.cpp.
#include "engine/convert.hpp"

#include "core/json.hpp"
#include "core/naming.hpp"
#include "engine/convert_internal.hpp"
#include "engine/movement.hpp"
#include "engine/rowmove.hpp"
#include "engine/table_shape.hpp"
#include "pg/catalog.hpp"
#include "engine/ddl.hpp"
#include "pg/locks.hpp"
#include "engine/maintenance.hpp"
#include "engine/sets.hpp"
#include "pg/settings.hpp"
#include "pg/spi.hpp"

extern "C" {
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
}

#include <algorithm>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

namespace {

std::string join(const std::vector<std::string>& v, const std::string& sep, bool quote) {
    std::string out;
    for (const std::string& s : v) out += (out.empty() ? "" : sep) + (quote ? ident(s) : s);
    return out;
}

ConvertRow row(const std::string& step, const std::string& object, core::ConvertAction action, const std::string& message,
               int64_t rows = 0) {
    return ConvertRow{step, object, action, rows, message};
}

KeyType key_type_of(Oid type) {
    switch (type) {
        case TIMESTAMPTZOID: return KeyType::TimestampTz;
        case TIMESTAMPOID: return KeyType::Timestamp;
        case DATEOID: return KeyType::Date;
        case INT2OID: return KeyType::Int2;
        case INT4OID: return KeyType::Int4;
        case INT8OID: return KeyType::Int8;
        default: return KeyType::Unsupported;
    }
}

// The partitions a converted table needs: its rows' range through the present and premake.
struct Coverage {
    core::Interval iv;
    int64_t anchor = 0, lo = 0, hi = 0;  // [lo, hi) in set units
    int64_t slots = 0;
    int64_t beyond = 0;                  // rows beyond premake: they go to the default partition
    std::string lo_text, hi_text;
};

Coverage coverage_of(const TableShape& s, const ConvertRequest& r, KeyType key, std::vector<ConvertRow>& rows) {
    Coverage c;
    const bool integer = key == KeyType::Int2 || key == KeyType::Int4 || key == KeyType::Int8;
    c.iv = integer ? core::integer_interval(parse_positive_int(r.interval_text, "partition_interval"))
                   : parse_time_interval(r.interval_text, key == KeyType::Date, "partition_interval");
    c.anchor = core::default_anchor(c.iv);
    ValueMap map(key, r.time_zone, c.iv);
    const std::string col = ident(r.control);
    const std::string finite = integer ? "true" : "pg_catalog.isfinite(" + col + ")";
    Rows mm = query("SELECT min(" + col + ") FILTER (WHERE " + finite + ")::text, max(" + col + ") FILTER (WHERE " +
                        finite + ")::text FROM ONLY " + s.qualified,
                    {}, true);
    int64_t now = integer ? 0 : map.now_units();
    std::optional<int64_t> min_u, max_u;
    if (mm.at(0, 0)) min_u = map.units_from_text(mm.str(0, 0));
    if (mm.at(0, 1)) max_u = map.units_from_text(mm.str(0, 1));
    if (integer) now = max_u.value_or(c.anchor);
    const int64_t current = core::slot_of(c.iv, c.anchor, now);
    int64_t lo_slot = min_u ? std::min(core::slot_of(c.iv, c.anchor, *min_u), current) : current;
    int64_t hi_slot = current + r.premake;  // inclusive
    if (max_u && core::slot_of(c.iv, c.anchor, *max_u) > hi_slot && !r.default_partition)
        hi_slot = core::slot_of(c.iv, c.anchor, *max_u);
    c.slots = hi_slot - lo_slot + 1;
    constexpr int64_t kMax = 10000;
    auto lo_b = slot_bounds(c.iv, c.anchor, map, lo_slot), hi_b = slot_bounds(c.iv, c.anchor, map, hi_slot);
    if (c.slots > kMax || !lo_b || !hi_b) {
        rows.push_back(row("partitions", s.qualified, core::ConvertAction::blocked,
                           "its rows from " + mm.str(0, 0) + " to " + mm.str(0, 1) + " would need " +
                               std::to_string(c.slots) + " partitions of " + core::describe(c.iv) + " (at most " +
                               std::to_string(kMax) + "): choose a longer partition_interval"));
        return c;
    }
    c.lo = lo_b->first;
    c.hi = hi_b->second;
    c.lo_text = map.to_display(c.lo);
    c.hi_text = map.to_display(c.hi);
    if (max_u && *max_u >= c.hi)
        c.beyond = query("SELECT count(*) FROM ONLY " + s.qualified + " WHERE " + col + " >= " + map.to_literal(c.hi), {},
                         true).int8(0, 0);
    return c;
}

void check_views(const TableShape& s, std::vector<ConvertRow>& rows) {
    for (const ShapeView& v : s.views) {
        bool may = v.owner == s.owner || acts_as(v.owner);
        if (may)
            rows.push_back(row("swap", v.qualified, core::ConvertAction::note, "the view is pointed at the new table at the swap (CREATE OR REPLACE VIEW)"));
        else
            rows.push_back(row("check", v.qualified, core::ConvertAction::blocked,
                               "the view belongs to another role, which the caller cannot act as: its owner (or a "
                               "superuser) must run the conversion"));
    }
}

void shape_rows(const TableShape& s, std::vector<ConvertRow>& rows) {
    for (const std::string& b : s.blockers) rows.push_back(row("check", s.qualified, core::ConvertAction::blocked, b));
    for (const std::string& n : s.notes) rows.push_back(row("check", s.qualified, core::ConvertAction::note, n));
    if (!s.key.empty())
        rows.push_back(row("key", ident(s.key_name), core::ConvertAction::ok, "rows are copied in the order of (" + join(s.key, ", ", true) + ")"));
    check_views(s, rows);
    for (const ShapeSequence& q : s.sequences)
        rows.push_back(row("swap", q.qualified, core::ConvertAction::note,
                           q.identity ? "identity of column " + ident(q.column) + ": the new table's identity continues from its value"
                                      : "serial sequence of column " + ident(q.column) + ": owned by the new table after the swap"));
    for (const std::string& t : s.triggers) rows.push_back(row("swap", s.qualified, core::ConvertAction::note, "trigger created on the new table at the swap: " + t));
}

bool blocked(const std::vector<ConvertRow>& rows) {
    return std::any_of(rows.begin(), rows.end(), [](const ConvertRow& r) { return r.action == core::ConvertAction::blocked; });
}

[[noreturn]] void refuse(const std::string& what, const std::vector<ConvertRow>& rows) {
    std::string detail;
    for (const ConvertRow& r : rows)
        if (r.action == core::ConvertAction::blocked) detail += (detail.empty() ? "" : "; ") + r.message;
    throw UserError(ERRCODE_FEATURE_NOT_SUPPORTED, "cannot " + what, detail + ".",
                    "The dry run (dry_run => true) lists every check. Nothing was changed.");
}

// Statements that give the target the source's indexes: (statement, source index, target index).
struct IndexPlan {
    std::string statement, source_name, target_name, shown;
};

std::vector<IndexPlan> index_plans(const TableShape& s, const std::string& target, const std::string& control,
                                   bool to_partitioned, std::vector<ConvertRow>& rows) {
    std::vector<IndexPlan> out;
    for (const ShapeIndex& x : s.indexes) {
        IndexPlan p;
        p.source_name = x.name;
        p.target_name = free_relation_name(s.schema, x.name, "_pmx", s.qualified);
        bool has_control = std::find(x.columns.begin(), x.columns.end(), control) != x.columns.end();
        std::vector<std::string> cols = x.columns;
        if (to_partitioned && x.unique && !has_control) cols.push_back(control);
        if (x.constraint && (x.primary || x.unique)) {
            std::string def = to_partitioned && !has_control
                                  ? std::string(x.primary ? "PRIMARY KEY (" : "UNIQUE (") + join(cols, ", ", true) + ")"
                                  : x.constraint_def;
            p.statement = "ALTER TABLE " + target + " ADD CONSTRAINT " + ident(p.target_name) + " " + def;
            p.shown = def;
        } else if (to_partitioned && x.unique && !has_control) {
            p.statement = "CREATE UNIQUE INDEX " + ident(p.target_name) + " ON " + target + " (" + join(cols, ", ", true) + ")";
            p.shown = "UNIQUE (" + join(cols, ", ", true) + ")";
        } else {
            const std::string kind = x.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
            const std::string head = kind + ident(x.name) + " ON " + (s.relkind == 'p' ? "ONLY " : "") + s.qualified + " USING ";
            if (x.definition.compare(0, head.size(), head) != 0) {
                rows.push_back(row("check", ident(x.name), core::ConvertAction::blocked, "partman_ext cannot reproduce this index: " + x.definition));
                continue;
            }
            p.statement = kind + ident(p.target_name) + " ON " + target + " USING " + x.definition.substr(head.size());
            p.shown = x.definition.substr(head.size() - 6);
        }
        out.push_back(p);
    }
    return out;
}

std::string index_pairs_json(const std::vector<IndexPlan>& plans) {
    std::string out = "[";
    for (const IndexPlan& p : plans)
        out += std::string(out.size() > 1 ? ", " : "") + "[" + core::json_quote(p.source_name) + ", " +
               core::json_quote(p.target_name) + "]";
    return out + "]";
}

Oid relid_in(const std::string& schema, const std::string& name) {
    const char* s = schema.c_str();
    const char* n = name.c_str();
    return call([&] { return get_relname_relid(n, get_namespace_oid(s, false)); });
}

// What both directions do once the target exists: its indexes, foreign keys, grants, comment.
void furnish(const TableShape& s, const std::string& target, const std::vector<IndexPlan>& plans) {
    for (const IndexPlan& p : plans) exec(p.statement);
    for (const std::string& fk : s.foreign_keys) exec("ALTER TABLE " + target + fk);
    for (const std::string& g : s.grants) exec(grant_for(g, target));
    if (s.comment) exec("COMMENT ON TABLE " + target + " IS " + literal(*s.comment));
}

// The sync triggers on the source, taken politely (CREATE TRIGGER needs SHARE ROW EXCLUSIVE).
void add_sync_triggers(const TableShape& s, int64_t movement, int64_t lock_ms) {
    lock_relations({{s.relid, ShareRowExclusiveLock}}, lock_ms);
    const std::string arg = literal(std::to_string(movement));
    exec("CREATE TRIGGER partman_ext_sync AFTER INSERT OR UPDATE OR DELETE ON " + s.qualified +
         " FOR EACH ROW EXECUTE FUNCTION partman_ext._sync_row(" + arg + ")");
    exec("CREATE TRIGGER partman_ext_sync_truncate AFTER TRUNCATE ON " + s.qualified +
         " FOR EACH STATEMENT EXECUTE FUNCTION partman_ext._sync_row(" + arg + ")");
}

// The scheduler continues the movement within a tick (when one serves the database).
void request_scheduler() {
    AsUser ext(extension_owner());
    query("UPDATE partman_ext.job SET requested = true WHERE kind = 'maintenance' AND enabled AND parent_table IS NULL");
    query("SELECT partman_ext._wake_scheduler()");
}

std::string options_json(const ConvertRequest& r, const std::string& extra) {
    return "{\"drop_source\": " + std::string(r.drop_source ? "true" : "false") +
           ", \"default_partition\": " + (r.default_partition ? "true" : "false") + ", \"control\": " +
           core::json_quote(r.control) + extra + "}";
}

std::vector<ConvertRow> check_partition_table(const ConvertRequest& r, TableShape& s, KeyType& key, Coverage& cov) {
    std::vector<ConvertRow> rows;
    s = read_shape(r.source, r.control, true);
    rows.push_back(row("check", s.qualified, core::ConvertAction::ok,
                       "about " + std::to_string(std::max<int64_t>(s.est_rows, 0)) + " rows, " + std::to_string(s.bytes) + " bytes",
                       std::max<int64_t>(s.est_rows, 0)));
    const char* col = r.control.c_str();
    const Oid relid = r.source;
    AttrNumber att = call([&] { return get_attnum(relid, col); });
    if (att == InvalidAttrNumber)
        throw UserError(ERRCODE_UNDEFINED_COLUMN, "column \"" + r.control + "\" of " + s.qualified + " does not exist",
                        "partition_table needs the control column the partitions are ranges of.",
                        "Pass control => one of its timestamptz, timestamp, date or integer columns.");
    Oid type = call([&] { return get_atttype(relid, att); });
    key = key_type_of(type);
    if (key == KeyType::Unsupported)
        throw UserError(ERRCODE_DATATYPE_MISMATCH,
                        "control column \"" + r.control + "\" has type " + std::string(call([&] { return format_type_be(type); })) +
                            ", which partman_ext cannot partition by",
                        "Supported: timestamptz, timestamp and date (time sets); smallint, integer and bigint (integer sets).",
                        "Choose another column (partitioning_advice() lists candidates).");
    shape_rows(s, rows);
    if (std::optional<int64_t> m = conversion_of(r.source))
        rows.push_back(row("check", s.qualified, core::ConvertAction::note,
                           "a conversion of it is in progress (movement " + std::to_string(*m) + "): calling again resumes it"));
    if (!r.default_partition) {
        bool nulls = query("SELECT EXISTS (SELECT 1 FROM ONLY " + s.qualified + " WHERE " + ident(r.control) + " IS NULL)", {},
                           true).boolean(0, 0);
        if (nulls)
            rows.push_back(row("check", ident(r.control), core::ConvertAction::blocked,
                               "rows with a NULL " + ident(r.control) + " need the default partition (default_partition => true)"));
    }
    if (blocked(rows)) return rows;
    cov = coverage_of(s, r, key, rows);
    return rows;
}

}  // namespace

std::optional<int64_t> conversion_of(Oid table) {
    for (const char* kind : {"partition_table", "undo_partition_table"})
        if (std::optional<Movement> m = find_movement(kind, 0, table)) return m->id;
    return std::nullopt;
}

std::vector<ConvertRow> plan_partition_table(const ConvertRequest& r) {
    TableShape s;
    KeyType key;
    Coverage cov;
    std::vector<ConvertRow> rows = check_partition_table(r, s, key, cov);
    if (blocked(rows)) return rows;
    const std::string target = qualified(s.schema, free_relation_name(s.schema, s.name, "_pmx_new", s.qualified));
    rows.push_back(row("create", target, core::ConvertAction::would_create,
                       "partitioned table shaped like " + s.qualified + ", PARTITION BY RANGE (" + ident(r.control) +
                           "), owned by its owner, with its grants"));
    for (const IndexPlan& p : index_plans(s, target, r.control, true, rows))
        rows.push_back(row("create", ident(p.source_name), core::ConvertAction::would_create, p.shown));
    rows.push_back(row("partitions", s.qualified, core::ConvertAction::would_create,
                       std::to_string(cov.slots) + " partitions of " + core::describe(cov.iv) + " from " + cov.lo_text +
                           " to " + cov.hi_text + (r.default_partition ? " and a default partition" : ""),
                       cov.slots));
    if (cov.beyond)
        rows.push_back(row("partitions", s.qualified, core::ConvertAction::note,
                           std::to_string(cov.beyond) + " rows lie beyond premake: they go to the default partition", cov.beyond));
    int64_t batch = r.batch_size > 0 ? r.batch_size : default_batch_size;
    int64_t est = std::max<int64_t>(s.est_rows, 0);
    rows.push_back(row("copy", s.qualified, core::ConvertAction::would_copy,
                       "about " + std::to_string(est) + " rows in about " + std::to_string(est / batch + 1) +
                           " batches of " + std::to_string(batch) + ", while a trigger mirrors the writes made meanwhile",
                       est));
    rows.push_back(row("swap", s.qualified, core::ConvertAction::would_rename,
                       s.qualified + " becomes " + ident(core::partition_name(s.name, "_old")) +
                           (r.drop_source ? " (then dropped)" : " (kept)") + ", the partitioned table takes its name"));
    return rows;
}

int64_t start_partition_table(const ConvertRequest& r, std::vector<ConvertRow>& out) {
    if (std::optional<int64_t> m = conversion_of(r.source)) {
        out.push_back(row("copy", qualified_name(r.source), core::ConvertAction::resumed, "the conversion in progress goes on"));
        return *m;
    }
    TableShape s;
    KeyType key;
    Coverage cov;
    std::vector<ConvertRow> rows = check_partition_table(r, s, key, cov);
    if (blocked(rows)) refuse("partition " + s.qualified, rows);
    const int64_t lock_ms = r.lock_timeout_ms.value_or(pmx::default_lock_timeout_ms);
    AsUser owner(s.owner);
    const std::string temp = free_relation_name(s.schema, s.name, "_pmx_new", s.qualified);
    const std::string target = qualified(s.schema, temp);
    exec("CREATE TABLE " + target + " (LIKE " + s.qualified +
         " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMPRESSION"
         " INCLUDING COMMENTS INCLUDING STATISTICS INCLUDING IDENTITY) PARTITION BY RANGE (" + ident(r.control) + ")" +
         (s.tablespace.empty() ? "" : " TABLESPACE " + ident(s.tablespace)));
    std::vector<IndexPlan> plans = index_plans(s, target, r.control, true, rows);
    furnish(s, target, plans);
    out.push_back(row("create", target, core::ConvertAction::created, "partitioned table shaped like " + s.qualified));
    const Oid parent = relid_in(s.schema, temp);
    // A set of its own, disabled until the swap; the default partition carries the storage
    // parameters of the source to the partitions created after it.
    query("SELECT count(*) FROM partman_ext.register_partition_set($1::oid::pg_catalog.regclass, $2::name, $3, "
          "premake => $4::integer, retention => $5, retention_mode => $6, archive_schema => $7::name, "
          "default_partition => true, time_zone => $8, lock_timeout => $9::bigint * interval '1 ms', enabled => false)",
          {oid_param(parent), text_param(r.control), text_param(r.interval_text), int8_param(r.premake),
           text_param(r.retention), text_param(r.retention_mode), text_param(r.archive_schema), text_param(r.time_zone),
           int8_param(r.lock_timeout_ms)});
    Movement m;
    m.kind = "partition_table";
    m.parent = parent;
    m.source = r.source;
    m.target = parent;
    m.owner = s.owner;
    m.key_columns = s.key;
    m.batch_size = r.batch_size;
    m.rows_estimated = std::max<int64_t>(s.est_rows, 0);
    m.lo = cov.lo;
    m.hi = cov.hi;
    m.options = options_json(r, ", \"indexes\": " + index_pairs_json(plans) + ", \"reloptions\": " +
                                    core::json_quote(s.reloptions) + ", \"name\": " + core::json_quote(s.name));
    m.id = insert_movement(m);
    ensure_target_partitions(m);
    out.push_back(row("partitions", target, core::ConvertAction::created,
                      std::to_string(cov.slots) + " partitions of " + core::describe(cov.iv) + " from " + cov.lo_text + " to " +
                          cov.hi_text + " and a default partition",
                      cov.slots));
    add_sync_triggers(s, m.id, lock_ms);
    out.push_back(row("sync", s.qualified, core::ConvertAction::created, "trigger partman_ext_sync mirrors every write into " + target));
    out.push_back(row("copy", s.qualified, core::ConvertAction::queued,
                      "movement " + std::to_string(m.id) + ": about " + std::to_string(m.rows_estimated) +
                          " rows to copy in batches; CALL partman_ext.partition_table_proc(...) or the scheduler carries it out",
                      m.rows_estimated));
    request_scheduler();
    return m.id;
}

std::vector<ConvertRow> plan_undo_partition_table(const ConvertRequest& r) {
    std::vector<ConvertRow> rows;
    TableShape s = read_shape(r.source, "", false);
    if (s.relkind != 'p') rows.push_back(row("check", s.qualified, core::ConvertAction::blocked, s.qualified + " is not a partitioned table"));
    rows.push_back(row("check", s.qualified, core::ConvertAction::ok, "about " + std::to_string(std::max<int64_t>(planner_rows(r.source), 0)) + " rows",
                       std::max<int64_t>(planner_rows(r.source), 0)));
    shape_rows(s, rows);
    if (blocked(rows)) return rows;
    const std::string target = qualified(s.schema, free_relation_name(s.schema, s.name, "_pmx_new", s.qualified));
    rows.push_back(row("create", target, core::ConvertAction::would_create, "plain table shaped like " + s.qualified + ", owned by its owner, with its grants"));
    for (const IndexPlan& p : index_plans(s, target, "", false, rows))
        rows.push_back(row("create", ident(p.source_name), core::ConvertAction::would_create, p.shown));
    int64_t est = std::max<int64_t>(planner_rows(r.source), 0);
    int64_t batch = r.batch_size > 0 ? r.batch_size : default_batch_size;
    rows.push_back(row("copy", s.qualified, core::ConvertAction::would_copy,
                       "about " + std::to_string(est) + " rows in about " + std::to_string(est / batch + 1) + " batches of " +
                           std::to_string(batch) + "; maintenance of the set paused meanwhile", est));
    rows.push_back(row("swap", s.qualified, core::ConvertAction::would_rename,
                       s.qualified + " becomes " + ident(core::partition_name(s.name, "_partitioned")) +
                           (r.drop_source ? " (then dropped with its partitions)" : " (kept with its partitions, unregistered)") +
                           ", the plain table takes its name"));
    return rows;
}

int64_t start_undo_partition_table(const ConvertRequest& r, std::vector<ConvertRow>& out) {
    if (std::optional<int64_t> m = conversion_of(r.source)) {
        out.push_back(row("copy", qualified_name(r.source), core::ConvertAction::resumed, "the conversion in progress goes on"));
        return *m;
    }
    std::vector<ConvertRow> rows = plan_undo_partition_table(r);
    TableShape s = read_shape(r.source, "", false);
    if (blocked(rows)) refuse("undo the partitioning of " + s.qualified, rows);
    const int64_t lock_ms = r.lock_timeout_ms.value_or(pmx::default_lock_timeout_ms);
    std::optional<SetConfig> cfg = load_set(r.source);
    AsUser owner(s.owner);
    const std::string temp = free_relation_name(s.schema, s.name, "_pmx_new", s.qualified);
    const std::string target = qualified(s.schema, temp);
    // Storage parameters of the newest partition.
    Rows o = query("SELECT coalesce(pg_catalog.array_to_string(c.reloptions, ', '), '') FROM pg_catalog.pg_inherits i "
                   "JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1 AND c.reloptions IS NOT NULL "
                   "ORDER BY c.oid DESC LIMIT 1",
                   {oid_param(r.source)}, true);
    exec("CREATE TABLE " + target + " (LIKE " + s.qualified +
         " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMPRESSION"
         " INCLUDING COMMENTS INCLUDING STATISTICS INCLUDING IDENTITY)" +
         (o.size() && !o.str(0, 0).empty() ? " WITH (" + o.str(0, 0) + ")" : "") +
         (s.tablespace.empty() ? "" : " TABLESPACE " + ident(s.tablespace)));
    std::vector<IndexPlan> plans = index_plans(s, target, "", false, rows);
    furnish(s, target, plans);
    out.push_back(row("create", target, core::ConvertAction::created, "plain table shaped like " + s.qualified));
    if (cfg && cfg->enabled) {
        // Retention must not drop partitions while they are being copied.
        query("SELECT count(*) FROM partman_ext.update_partition_set($1::oid::pg_catalog.regclass, enabled => false)",
              {oid_param(r.source)});
        out.push_back(row("check", s.qualified, core::ConvertAction::paused, "maintenance of the set is off until the swap unregisters it"));
    }
    Movement m;
    m.kind = "undo_partition_table";
    m.parent = r.source;
    m.source = r.source;
    m.target = relid_in(s.schema, temp);
    m.owner = s.owner;
    m.key_columns = s.key;
    m.batch_size = r.batch_size;
    m.rows_estimated = std::max<int64_t>(planner_rows(r.source), 0);
    m.options = options_json(r, ", \"indexes\": " + index_pairs_json(plans) + ", \"name\": " + core::json_quote(s.name));
    m.id = insert_movement(m);
    add_sync_triggers(s, m.id, lock_ms);
    out.push_back(row("sync", s.qualified, core::ConvertAction::created, "trigger partman_ext_sync mirrors every write into " + target));
    out.push_back(row("copy", s.qualified, core::ConvertAction::queued,
                      "movement " + std::to_string(m.id) + ": about " + std::to_string(m.rows_estimated) +
                          " rows to copy in batches; CALL partman_ext.undo_partition_table_proc(...) or the scheduler carries it out",
                      m.rows_estimated));
    request_scheduler();
    return m.id;
}

}  // namespace pg

}  // namespace pmx
