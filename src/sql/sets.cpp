// SQL functions that register, change and unregister partition sets:
// register_partition_set, update_partition_set, unregister_partition_set; _is_registered, the
// one lookup of "is this a registered set" (pg::load_set) for the functions written in SQL.
#include "core/error.hpp"
#include "core/naming.hpp"
#include "engine/checks.hpp"
#include "engine/ddl.hpp"
#include "engine/maintenance.hpp"
#include "engine/ranges.hpp"
#include "engine/retention_notice.hpp"
#include "engine/schedule.hpp"
#include "engine/set_tuning.hpp"
#include "pg/args.hpp"
#include "pg/srf.hpp"
#include "pg/spi.hpp"
#include "worker/presence.hpp"

extern "C" {
#include "partitioning/partdefs.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

PMX_FUNCTION(partman_register_partition_set);
PMX_FUNCTION(partman_is_registered);
PMX_FUNCTION(partman_update_partition_set);
PMX_FUNCTION(partman_update_partition_set_v2);
PMX_FUNCTION(partman_unregister_partition_set);

namespace pg {

namespace {

std::string type_name(Oid type) {
    return call([&] { return format_type_be(type); });
}

const char* strategy_word(char s) {
    return s == PARTITION_STRATEGY_LIST ? "LIST" : s == PARTITION_STRATEGY_HASH ? "HASH" : "RANGE";
}

// Validates the parent's partition key against the control column; returns the strategy.
core::Strategy check_key(const ParentInfo& info, const std::string& control) {
    const std::string shown = info.qualified();
    if (info.strategy != PARTITION_STRATEGY_RANGE)
        throw UserError(ERRCODE_WRONG_OBJECT_TYPE,
                        shown + " is partitioned by " + strategy_word(info.strategy) + ", not RANGE",
                        "Time and integer partition sets need PARTITION BY RANGE (control column).",
                        "For HASH or LIST bucket tables use partman_ext.create_bucket_partitions(parent, buckets).");
    if (info.key_count != 1 || info.key_is_expression)
        throw UserError(ERRCODE_FEATURE_NOT_SUPPORTED, shown + " has a partition key partman_ext cannot manage",
                        "The key has " + std::to_string(info.key_count) + " column(s)" +
                            (info.key_is_expression ? " and is an expression" : "") + ".",
                        "Partition by RANGE on exactly one column, e.g. PARTITION BY RANGE (created_at).");
    const char* col = control.c_str();
    AttrNumber att = call([&] { return get_attnum(info.oid, col); });
    if (att == InvalidAttrNumber)
        throw UserError(ERRCODE_UNDEFINED_COLUMN, "column \"" + control + "\" of " + shown + " does not exist",
                        shown + " is partitioned by RANGE (" + info.key_column + ").",
                        "Pass control => '" + info.key_column + "'.");
    if (control != info.key_column)
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE,
                        "control column \"" + control + "\" is not the partition key of " + shown,
                        shown + " is partitioned by RANGE (" + info.key_column + ").",
                        "Pass control => '" + info.key_column + "'.");
    switch (info.key_type) {
        case KeyType::TimestampTz:
        case KeyType::Timestamp:
        case KeyType::Date: return core::Strategy::time;
        case KeyType::Int2:
        case KeyType::Int4:
        case KeyType::Int8: return core::Strategy::integer;
        case KeyType::Unsupported: break;
    }
    throw UserError(ERRCODE_DATATYPE_MISMATCH,
                    "control column \"" + control + "\" has type " + type_name(info.key_type_oid) +
                        ", which partman_ext cannot partition by",
                    "Supported: timestamptz, timestamp and date (time sets); smallint, integer and bigint "
                    "(integer sets).",
                    "Partition by one of those types, or use a bucket set for other keys.");
}

// Stores part_config.retention_not_before (nullopt: NULL); returns the updated row.
Rows set_retention_not_before(Oid parent, std::optional<int64_t> at) {
    AsUser ext(extension_owner());
    // $2: a TimestampTz, microseconds since 2000-01-01 UTC
    return query("UPDATE partman_ext.part_config SET retention_not_before = "
                 "timestamptz '2000-01-01 00:00:00+00' + $2::bigint * interval '1 microsecond' "
                 "WHERE parent_table = $1::oid RETURNING *",
                 {oid_param(parent), int8_param(at)});
}

// The rows of creating a new set's partitions (or of planning it, dry_run): current, premake,
// gap fill and the default partition, by the maintenance engine, nothing removed.
std::vector<ActionRow> create_at_registration(const SetConfig& cfg, bool dry_run) {
    MaintenanceRequest req;
    req.retire = false;
    req.dry_run = dry_run;
    std::vector<ActionRow> rows;
    maintain_set(cfg, req, rows);
    if (!dry_run) write_log(rows, 0);
    return rows;
}

// Dry run: one NOTICE saying what registration would create and move (the first and last
// partitions; maintenance_log-style detail of each is what create_future_partitions(dry_run) shows).
void notice_plan(const std::string& parent, const std::vector<ActionRow>& rows) {
    std::vector<const ActionRow*> planned;
    int64_t moved = 0;
    for (const ActionRow& r : rows)
        if (core::is_would(r.action)) {
            planned.push_back(&r);
            moved += r.rows_moved;
        }
    std::string detail;
    for (size_t i = 0; i < planned.size(); ++i) {
        if (planned.size() > 6 && i == 3) {
            detail += "; .. " + std::to_string(planned.size() - 6) + " more ..";
            i = planned.size() - 3;
        }
        const ActionRow& r = *planned[i];
        detail += std::string(detail.empty() ? "" : "; ") + core::to_text(r.action) + " " + r.partition;
        if (r.lower || r.upper) detail += " [" + r.lower.value_or("MINVALUE") + ", " + r.upper.value_or("MAXVALUE") + ")";
        if (r.rows_moved) detail += " (" + std::to_string(r.rows_moved) + " rows from the default partition)";
        else if (r.message && r.operation != "create_partition") detail += " (" + *r.message + ")";
    }
    std::string msg = "dry run: " + parent + " was not registered; registering it would take " +
                      std::to_string(planned.size()) + " action(s), moving " + std::to_string(moved) +
                      " rows out of the default partition";
    call([&] {
        ereport(NOTICE, (errmsg("%s", msg.c_str()),
                         errdetail("%s.", detail.empty() ? "Nothing to create" : detail.c_str())));
    });
}

// A WARNING when partitions could not be created at registration (the set stays registered;
// maintenance retries on its next run).
void warn_failures(const std::string& parent, const std::vector<ActionRow>& rows) {
    int failed = 0;
    const ActionRow* first = nullptr;
    for (const ActionRow& r : rows)
        if (!r.success && r.action != core::Action::retention_pending) {
            ++failed;
            if (!first) first = &r;
        }
    if (!first) return;
    std::string msg = parent + " is registered, but " + std::to_string(failed) + " step(s) of creating its partitions did not succeed";
    std::string detail = "First: " + (first->partition.empty() ? std::string() : first->partition + ": ") +
                         core::to_text(first->action) + ": " + first->message.value_or("");
    call([&] {
        ereport(WARNING, (errmsg("%s", msg.c_str()), errdetail("%s", detail.c_str()),
                          errhint("Maintenance retries on its next run; see partman_ext.maintenance_log.")));
    });
}

Datum register_impl(FunctionCallInfo fcinfo) {
    const char* fn = "register_partition_set";
    require_arg(fcinfo, 0, "parent", fn);
    require_arg(fcinfo, 1, "control", fn);
    require_arg(fcinfo, 2, "partition_interval", fn);
    for (int i : {3, 5, 7, 8}) require_arg(fcinfo, i, i == 3 ? "premake" : i == 5 ? "retention_mode" : i == 7 ? "default_partition" : "time_zone", fn);
    // 0.2.0 added enabled and dry_run (a 0.1.0 definition passes 10 arguments and wants 10 columns).
    const bool v2 = PG_NARGS() >= 12;
    if (v2) {
        require_arg(fcinfo, 10, "enabled", fn);
        require_arg(fcinfo, 11, "dry_run", fn);
    }
    const bool v3 = PG_NARGS() >= 13;  // 0.2.0 also added naming
    const bool enabled = v2 ? PG_GETARG_BOOL(10) : true;
    const bool dry_run = v2 && PG_GETARG_BOOL(11);
    Spi spi;
    Oid parent = PG_GETARG_OID(0);
    std::string control = *text_arg(fcinfo, 1);
    std::string interval_text = *text_arg(fcinfo, 2);
    int premake = PG_GETARG_INT32(3);
    std::optional<std::string> retention = text_arg(fcinfo, 4);
    std::string mode = *text_arg(fcinfo, 5);
    std::optional<std::string> archive = text_arg(fcinfo, 6);
    bool with_default = PG_GETARG_BOOL(7);
    std::string tz = *text_arg(fcinfo, 8);
    std::optional<int64_t> lock_ms;
    if (!PG_ARGISNULL(9)) lock_ms = check_lock_timeout(PG_GETARG_DATUM(9));
    check_premake(premake);
    validate_mode(mode, archive);
    validate_time_zone(tz);

    ParentInfo info = read_parent(parent, nullptr);
    require_owner(parent, info.qualified());
    core::Strategy strategy = check_key(info, control);
    if (load_set(parent))
        throw UserError(ERRCODE_DUPLICATE_OBJECT, info.qualified() + " is already a registered partition set",
                        "partman_ext.part_config already has a row for it.",
                        "Change it with partman_ext.update_partition_set(), or unregister it first.");
    require_owner_can_create(info);
    core::Interval iv = strategy == core::Strategy::integer
                            ? core::integer_interval(parse_positive_int(interval_text, "partition_interval"))
                            : parse_time_interval(interval_text, info.key_type == KeyType::Date, "partition_interval");
    if (retention) validate_retention(strategy, *retention);

    ValueMap map(info.key_type, tz, iv);
    apply_map(info, map);
    int64_t anchor = adopt_anchor(info, iv, map);
    check_alignment(info, iv, anchor, map);
    check_reachable(iv, anchor, map, planning_now(info, map, strategy == core::Strategy::integer, anchor), premake, info.qualified());
    const std::optional<std::string> naming = registration_naming(v3 ? text_arg(fcinfo, 12) : std::nullopt, info, iv);

    // The set as it is stored (retention_not_before is set once the insert is done).
    SetConfig cfg;
    cfg.parent = parent;
    cfg.parent_text = query("SELECT $1::oid::pg_catalog.regclass::text", {oid_param(parent)}, true).str(0, 0);
    cfg.control = control;
    cfg.strategy = strategy;
    cfg.interval_text = core::describe(iv);
    cfg.anchor_text = anchor_to_text(strategy == core::Strategy::integer, anchor);
    cfg.interval = iv;
    cfg.anchor = anchor;
    cfg.premake = premake;
    cfg.retention = retention;
    cfg.retention_mode = *core::parse_retention_mode(mode);  // validate_mode checked it
    cfg.archive_schema = archive;
    cfg.default_partition = with_default;
    cfg.time_zone = tz;
    cfg.lock_timeout_ms = lock_ms;
    cfg.enabled = enabled;
    cfg.naming = naming;
    if (!dry_run) {
        AsUser ext(extension_owner());
        query_cached("INSERT INTO partman_ext.part_config (parent_table, control_column, strategy, partition_interval, anchor, "
                     "premake, retention, retention_mode, archive_schema, default_partition, time_zone, lock_timeout, enabled, "
                     "naming) "
                     "VALUES ($1::oid::regclass, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
                     "$12::bigint * interval '1 millisecond', $13, $14)",
                     {oid_param(parent), text_param(control), text_param(core::to_text(strategy)), text_param(cfg.interval_text),
                      text_param(cfg.anchor_text), int8_param(premake), text_param(retention), text_param(mode),
                      text_param(archive), bool_param(with_default), text_param(tz), int8_param(lock_ms),
                      bool_param(enabled), text_param(naming)});
    }
    // Retention waits for the next regular maintenance run, asked after the insert (whose
    // trigger made a run due now: that run is not the regular one).
    std::optional<RegularRun> when;
    if (retention && enabled) {
        when = next_regular_maintenance(parent);
        cfg.retention_not_before = when->at;
        if (!dry_run) set_retention_not_before(parent, cfg.retention_not_before);
    }

    // Partitions exist when registration returns (a disabled set gets none until it is enabled).
    std::vector<ActionRow> rows;
    if (enabled) rows = create_at_registration(cfg, dry_run);
    int created = 0;
    int64_t moved = 0;
    for (const ActionRow& r : rows) {
        if (!core::creates(r.action)) continue;
        if (r.operation != "create_default") ++created;
        moved += r.rows_moved;
    }
    // The default partition as it is now (a dry run has none it would only create).
    Rows def = query("SELECT partdefid FROM pg_catalog.pg_partitioned_table WHERE partrelid = $1", {oid_param(parent)});
    std::optional<std::string> default_part = def.size() ? rel_value(static_cast<Oid>(def.int8(0, 0))) : std::nullopt;
    if (dry_run) notice_plan(info.qualified(), rows);
    else warn_failures(info.qualified(), rows);
    if (when) announce_retention(cfg, *when);

    pmx::worker::warn_if_no_scheduler("register_partition_set()");
    SrfOut out(fcinfo);
    TextRow row{rel_value(parent), std::string(core::to_text(strategy)), control, core::describe(iv), std::to_string(premake), retention, mode, tz,
                std::to_string(info.partitions.size() + (info.default_partition ? 1 : 0)), default_part};
    if (v2) {
        row.push_back(std::to_string(created));
        row.push_back(std::to_string(moved));
        row.push_back(cfg.retention_not_before ? std::optional<std::string>(timestamptz_text(*cfg.retention_not_before))
                                               : std::nullopt);
        row.push_back(std::string(enabled ? "true" : "false"));
    }
    if (v3) row.push_back(naming);
    out.add(row);
    return (Datum)0;
}

// In 0.2.0, retention => NULL removes retention and the default 'unchanged' keeps it (v2); the
// 0.1.0 definition (DEFAULT NULL, symbol partman_update_partition_set) keeps NULL = unchanged.
constexpr const char* kRetentionUnchanged = "unchanged";

Datum update_impl(FunctionCallInfo fcinfo, bool v2) {
    require_arg(fcinfo, 0, "parent", "update_partition_set");
    Spi spi;
    Oid parent = PG_GETARG_OID(0);
    SetConfig cfg = require_set(parent);
    require_owner(parent, cfg.parent_text);
    // partition_interval (issue 10 item 4): future partitions only; the grid continues from the
    // last bound (engine/ranges.hpp). Found by name: the definition's argument list grows.
    if (std::optional<int> i = argument_position(fcinfo, "partition_interval"); i && !PG_ARGISNULL(*i)) {
        change_partition_interval(cfg, *text_arg(fcinfo, *i));
        cfg = require_set(parent);
    }
    std::optional<int64_t> premake;
    if (!PG_ARGISNULL(1)) {
        premake = PG_GETARG_INT32(1);
        check_premake(static_cast<int>(*premake));
    }
    std::optional<std::string> retention = text_arg(fcinfo, 2), mode = text_arg(fcinfo, 3),
                               archive = text_arg(fcinfo, 4), tz = text_arg(fcinfo, 6);
    bool clear_retention = (!PG_ARGISNULL(9) && PG_GETARG_BOOL(9)) || (v2 && PG_ARGISNULL(2));
    if (retention && *retention == kRetentionUnchanged) retention.reset();
    if (retention) validate_retention(cfg.strategy, *retention);
    if (mode || archive) validate_mode(mode.value_or(core::to_text(cfg.retention_mode)), archive ? archive : cfg.archive_schema);
    if (tz) validate_time_zone(*tz);
    if ((premake || tz) && cfg.strategy != core::Strategy::bucket) {
        SetConfig moved = cfg;
        if (premake) moved.premake = static_cast<int>(*premake);
        if (tz) moved.time_zone = *tz;
        SetRuntime rt = open_set(moved);
        if (cfg.strategy == core::Strategy::time && moved.time_zone != cfg.time_zone)
            check_alignment(rt.parent, rt.interval, rt.anchor, rt.map);
        check_reachable(rt.interval, rt.anchor, rt.map,
                        planning_now(rt.parent, rt.map, cfg.strategy == core::Strategy::integer, rt.anchor), moved.premake,
                        cfg.parent_text);
    }
    std::optional<int64_t> lock_ms;
    if (!PG_ARGISNULL(7)) lock_ms = check_lock_timeout(PG_GETARG_DATUM(7));
    std::optional<bool> enabled;
    if (!PG_ARGISNULL(8)) enabled = PG_GETARG_BOOL(8);
    if (v2) update_tuning(fcinfo, 10, cfg);  // naming and health thresholds (0.2.0)

    // A new retention, a new retention_mode, or enabling a set with retention: nothing is removed
    // before the next regular maintenance run (asked after the update, whose trigger makes a run
    // due now), and this call says what will be removed then.
    std::optional<std::string> new_retention = clear_retention ? std::nullopt : retention ? retention : cfg.retention;
    bool new_enabled = enabled.value_or(cfg.enabled);
    bool rescheduled = new_retention && new_enabled &&
                       (new_retention != cfg.retention || mode.value_or(core::to_text(cfg.retention_mode)) != core::to_text(cfg.retention_mode) ||
                        !cfg.enabled);

    Rows r;
    {
        AsUser ext(extension_owner());
        r = query(
            "UPDATE partman_ext.part_config SET premake = coalesce($2, premake), "
            "retention = CASE WHEN $10 THEN NULL ELSE coalesce($3, retention) END, "
            "retention_mode = coalesce($4, retention_mode), archive_schema = coalesce($5, archive_schema), "
            "default_partition = coalesce($6, default_partition), time_zone = coalesce($7, time_zone), "
            "lock_timeout = coalesce($8::bigint * interval '1 millisecond', lock_timeout), "
            "enabled = coalesce($9, enabled), updated_at = now(), "
            "retention_not_before = CASE WHEN $10 THEN NULL ELSE retention_not_before END "
            "WHERE parent_table = $1::oid RETURNING *",
            {oid_param(parent), int8_param(premake), text_param(retention), text_param(mode), text_param(archive),
             PG_ARGISNULL(5) ? Param{BOOLOID, std::nullopt} : bool_param(PG_GETARG_BOOL(5)), text_param(tz),
             int8_param(lock_ms), enabled ? bool_param(*enabled) : Param{BOOLOID, std::nullopt},
             bool_param(clear_retention)});
    }
    std::optional<RegularRun> when;
    if (rescheduled) {
        when = next_regular_maintenance(parent);
        r = set_retention_not_before(parent, when->at);
    }
    if (when) announce_retention(require_set(parent), *when);
    SrfOut out(fcinfo);
    for (auto& row : r.rows) out.add(row);
    return (Datum)0;
}

Datum unregister_impl(FunctionCallInfo fcinfo) {
    require_arg(fcinfo, 0, "parent", "unregister_partition_set");
    Spi spi;
    Oid parent = PG_GETARG_OID(0);
    SetConfig cfg = require_set(parent);
    require_owner(parent, cfg.parent_text);
    AsUser ext(extension_owner());
    Rows r = query("DELETE FROM partman_ext.part_config WHERE parent_table = $1::oid RETURNING *", {oid_param(parent)});
    SrfOut out(fcinfo);
    for (auto& row : r.rows) out.add(row);
    return (Datum)0;
}

}  // namespace
}  // namespace pg

Datum partman_register_partition_set(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::register_impl(fcinfo); }); }
Datum partman_update_partition_set(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::update_impl(fcinfo, false); }); }
Datum partman_update_partition_set_v2(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::update_impl(fcinfo, true); }); }
Datum partman_unregister_partition_set(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::unregister_impl(fcinfo); }); }

// _is_registered(parent regclass) (STRICT): parent has a row in partman_ext.part_config.
Datum partman_is_registered(PG_FUNCTION_ARGS) {
    return pg::entry([&] {
        pg::Spi spi;
        return BoolGetDatum(pg::load_set(PG_GETARG_OID(0)).has_value());
    });
}

}  // namespace pmx
