// SQL functions that register, change and unregister partition sets:
// register_partition_set, update_partition_set, unregister_partition_set.
#include "core/error.hpp"
#include "core/naming.hpp"
#include "pg/checks.hpp"
#include "pg/ddl.hpp"
#include "pg/maintenance.hpp"
#include "pg/srf.hpp"
#include "pg/spi.hpp"
#include "worker/presence.hpp"

extern "C" {
#include "partitioning/partdefs.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"
}

extern "C" {
PG_FUNCTION_INFO_V1(partman_register_partition_set);
PG_FUNCTION_INFO_V1(partman_update_partition_set);
PG_FUNCTION_INFO_V1(partman_unregister_partition_set);
Datum partman_register_partition_set(PG_FUNCTION_ARGS);
Datum partman_update_partition_set(PG_FUNCTION_ARGS);
Datum partman_unregister_partition_set(PG_FUNCTION_ARGS);
}

namespace pg {

namespace {

std::string type_name(Oid type) {
    return call([&] { return format_type_be(type); });
}

const char* strategy_word(char s) {
    return s == PARTITION_STRATEGY_LIST ? "LIST" : s == PARTITION_STRATEGY_HASH ? "HASH" : "RANGE";
}

// Validates the parent's partition key against the control column; returns the strategy.
std::string check_key(const ParentInfo& info, const std::string& control) {
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
        case KeyType::Date: return "time";
        case KeyType::Int2:
        case KeyType::Int4:
        case KeyType::Int8: return "integer";
        case KeyType::Unsupported: break;
    }
    throw UserError(ERRCODE_DATATYPE_MISMATCH,
                    "control column \"" + control + "\" has type " + type_name(info.key_type_oid) +
                        ", which partman_ext cannot partition by",
                    "Supported: timestamptz, timestamp and date (time sets); smallint, integer and bigint "
                    "(integer sets).",
                    "Partition by one of those types, or use a bucket set for other keys.");
}

Datum register_impl(FunctionCallInfo fcinfo) {
    const char* fn = "register_partition_set";
    require_arg(fcinfo, 0, "parent", fn);
    require_arg(fcinfo, 1, "control", fn);
    require_arg(fcinfo, 2, "partition_interval", fn);
    for (int i : {3, 5, 7, 8}) require_arg(fcinfo, i, i == 3 ? "premake" : i == 5 ? "retention_mode" : i == 7 ? "default_partition" : "time_zone", fn);
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
    std::string strategy = check_key(info, control);
    if (load_set(parent))
        throw UserError(ERRCODE_DUPLICATE_OBJECT, info.qualified() + " is already a registered partition set",
                        "partman_ext.part_config already has a row for it.",
                        "Change it with partman_ext.update_partition_set(), or unregister it first.");
    core::Interval iv = strategy == "integer"
                            ? core::integer_interval(parse_positive_int(interval_text, "partition_interval"))
                            : parse_time_interval(interval_text, info.key_type == KeyType::Date, "partition_interval");
    if (retention) validate_retention(strategy, *retention);

    ValueMap map(info.key_type, tz, iv);
    apply_map(info, map);
    int64_t anchor = adopt_anchor(info, iv, map);
    check_alignment(info, iv, anchor, map);

    {
        AsUser ext(extension_owner());
        query("INSERT INTO partman_ext.part_config (parent_table, control_column, strategy, partition_interval, anchor, "
              "premake, retention, retention_mode, archive_schema, default_partition, time_zone, lock_timeout) "
              "VALUES ($1::oid::regclass, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
              "$12::bigint * interval '1 millisecond')",
              {oid_param(parent), text_param(control), text_param(strategy), text_param(core::describe(iv)),
               text_param(anchor_to_text(strategy == "integer", anchor)), int8_param(premake), text_param(retention),
               text_param(mode), text_param(archive), bool_param(with_default), text_param(tz), int8_param(lock_ms)});
    }

    // The default partition is created now when asked for (this moves no rows).
    std::optional<std::string> default_name;
    if (info.default_partition) default_name = qualified(info.default_partition->schema(), info.default_partition->name());
    else if (with_default) {
        MaintenanceRequest req;
        req.create = req.retire = false;
        std::vector<ActionRow> rows;
        maintain_set(require_set(parent), req, rows);
        write_log(rows, 0);
        for (const ActionRow& r : rows)
            if (r.operation == "create_default" && r.success) default_name = r.partition;
            else if (!r.success)
                call([&] {
                    ereport(NOTICE, (errmsg("default partition not created now: %s", r.message.value_or("").c_str()),
                                     errhint("Maintenance creates it on its next run.")));
                });
    }

    pmx::worker::warn_if_no_scheduler("register_partition_set()");
    SrfOut out(fcinfo);
    out.add({info.qualified(), strategy, control, core::describe(iv), std::to_string(premake), retention, mode, tz,
             std::to_string(info.partitions.size() + (info.default_partition ? 1 : 0)), default_name});
    return (Datum)0;
}

Datum update_impl(FunctionCallInfo fcinfo) {
    require_arg(fcinfo, 0, "parent", "update_partition_set");
    Spi spi;
    Oid parent = PG_GETARG_OID(0);
    SetConfig cfg = require_set(parent);
    require_owner(parent, cfg.parent_text);
    std::optional<int64_t> premake;
    if (!PG_ARGISNULL(1)) {
        premake = PG_GETARG_INT32(1);
        check_premake(static_cast<int>(*premake));
    }
    std::optional<std::string> retention = text_arg(fcinfo, 2), mode = text_arg(fcinfo, 3),
                               archive = text_arg(fcinfo, 4), tz = text_arg(fcinfo, 6);
    bool clear_retention = !PG_ARGISNULL(9) && PG_GETARG_BOOL(9);
    if (retention) validate_retention(cfg.strategy, *retention);
    if (mode || archive) validate_mode(mode.value_or(cfg.retention_mode), archive ? archive : cfg.archive_schema);
    if (tz) {
        validate_time_zone(*tz);
        if (cfg.strategy == "time" && *tz != cfg.time_zone) {
            SetConfig moved = cfg;
            moved.time_zone = *tz;
            SetRuntime rt = open_set(moved);
            check_alignment(rt.parent, rt.interval, rt.anchor, rt.map);
        }
    }
    std::optional<int64_t> lock_ms;
    if (!PG_ARGISNULL(7)) lock_ms = check_lock_timeout(PG_GETARG_DATUM(7));
    AsUser ext(extension_owner());
    Rows r = query(
        "UPDATE partman_ext.part_config SET premake = coalesce($2, premake), "
        "retention = CASE WHEN $10 THEN NULL ELSE coalesce($3, retention) END, "
        "retention_mode = coalesce($4, retention_mode), archive_schema = coalesce($5, archive_schema), "
        "default_partition = coalesce($6, default_partition), time_zone = coalesce($7, time_zone), "
        "lock_timeout = coalesce($8::bigint * interval '1 millisecond', lock_timeout), "
        "enabled = coalesce($9, enabled), updated_at = now() WHERE parent_table = $1::oid RETURNING *",
        {oid_param(parent), int8_param(premake), text_param(retention),
         text_param(mode), text_param(archive),
         PG_ARGISNULL(5) ? Param{BOOLOID, std::nullopt} : bool_param(PG_GETARG_BOOL(5)), text_param(tz), int8_param(lock_ms),
         PG_ARGISNULL(8) ? Param{BOOLOID, std::nullopt} : bool_param(PG_GETARG_BOOL(8)), bool_param(clear_retention)});
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
Datum partman_update_partition_set(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::update_impl(fcinfo); }); }
Datum partman_unregister_partition_set(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::unregister_impl(fcinfo); }); }
