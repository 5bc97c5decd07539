// SQL functions that maintain partition sets: create_future_partitions, drop_old_partitions,
// run_partition_maintenance, _maintenance_chunk, empty_default_partition, list_partitions,
// gap_fill_status. Argument decoding and rows; the work is src/engine (maintenance.hpp,
// partition_list.hpp, gap_fill.hpp).
#include "core/planner.hpp"
#include "engine/checks.hpp"
#include "engine/maintenance.hpp"
#include "engine/gap_fill.hpp"
#include "engine/partition_list.hpp"
#include "engine/schedule.hpp"
#include "pg/spi.hpp"
#include "pg/srf.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
}

#include <algorithm>
#include <climits>

namespace pmx {  // the project's one namespace (docs/architecture.md)

PMX_FUNCTION(partman_create_future_partitions);
PMX_FUNCTION(partman_drop_old_partitions_months);
PMX_FUNCTION(partman_drop_old_partitions_interval);
PMX_FUNCTION(partman_run_partition_maintenance);
PMX_FUNCTION(partman_empty_default_partition);
PMX_FUNCTION(partman_list_partitions);
PMX_FUNCTION(partman_maintenance_chunk);
PMX_FUNCTION(partman_gap_fill_status);

namespace pg {
namespace {

// Runs the request on one registered set the caller may maintain, and returns its rows.
Datum run_one(FunctionCallInfo fcinfo, const char* fn, const MaintenanceRequest& req, SetConfig* preloaded = nullptr) {
    SetConfig cfg = preloaded ? *preloaded : require_set(PG_GETARG_OID(0));
    require_owner(cfg.parent, cfg.parent_text);
    if (cfg.strategy == core::Strategy::bucket)
        throw UserError(ERRCODE_WRONG_OBJECT_TYPE, cfg.parent_text + " is a bucket set", std::string(fn) +
                        " applies to time and integer sets.", "Bucket sets keep all their buckets; see create_bucket_partitions().");
    std::vector<ActionRow> rows;
    maintain_set(cfg, req, rows);
    if (!req.dry_run) write_log(rows, 0);  // a dry run changes nothing, the log included
    SrfOut out(fcinfo);
    for (const ActionRow& r : rows) out.add(action_columns(r));
    return (Datum)0;
}

bool dry_run_arg(FunctionCallInfo fcinfo, int n, const char* fn) {
    require_arg(fcinfo, n, "dry_run", fn);
    return PG_GETARG_BOOL(n);
}

Datum create_future_impl(FunctionCallInfo fcinfo) {
    const char* fn = "create_future_partitions";
    require_arg(fcinfo, 0, "parent", fn);
    Spi spi;
    MaintenanceRequest req;
    req.retire = false;
    req.ensure_default = req.reapply_privileges = false;
    req.dry_run = dry_run_arg(fcinfo, 2, fn);
    SetConfig cfg = require_set(PG_GETARG_OID(0));
    if (!PG_ARGISNULL(1)) {
        check_premake(PG_GETARG_INT32(1));
        req.premake = PG_GETARG_INT32(1);
        require_owner(cfg.parent, cfg.parent_text);
        if (cfg.strategy != core::Strategy::bucket) {
            SetRuntime rt = open_set(cfg);
            check_reachable(rt.interval, rt.anchor, rt.map,
                            planning_now(rt.parent, rt.map, cfg.strategy == core::Strategy::integer, rt.anchor), *req.premake,
                            cfg.parent_text);
        }
    }
    return run_one(fcinfo, fn, req, &cfg);
}

Datum drop_old_impl(FunctionCallInfo fcinfo, bool interval_form) {
    const char* fn = "drop_old_partitions";
    require_arg(fcinfo, 0, "parent", fn);
    require_arg(fcinfo, 1, "retention", fn);
    Spi spi;
    SetConfig cfg = require_set(PG_GETARG_OID(0));
    MaintenanceRequest req;
    req.create = false;
    req.ensure_default = req.reapply_privileges = false;
    req.dry_run = dry_run_arg(fcinfo, 2, fn);
    if (interval_form) {
        if (cfg.strategy == core::Strategy::integer)
            throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, cfg.parent_text + " is an integer partition set",
                            "Its retention is a distance in values of the control column, not an interval.",
                            "Pass a number, e.g. drop_old_partitions('" + cfg.parent_text + "', 1000000).");
        Datum d = PG_GETARG_DATUM(1);
        req.retention = call([&] { return static_cast<const char*>(DatumGetCString(DirectFunctionCall1(interval_out, d))); });
    } else {
        int n = PG_GETARG_INT32(1);
        if (n <= 0)
            throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "retention must be positive",
                            "Got " + std::to_string(n) + (cfg.strategy == core::Strategy::time ? " months." : "."),
                            "Pass how much to keep, e.g. 12 (months) or interval '90 days'.");
        req.retention = cfg.strategy == core::Strategy::time ? std::to_string(n) + " months" : std::to_string(n);
    }
    validate_retention(cfg.strategy, *req.retention);
    return run_one(fcinfo, fn, req, &cfg);
}

Datum run_maintenance_impl(FunctionCallInfo fcinfo) {
    const char* fn = "run_partition_maintenance";
    MaintenanceRequest req;
    req.dry_run = dry_run_arg(fcinfo, 1, fn);
    Spi spi;
    std::vector<SetConfig> sets;
    bool one = !PG_ARGISNULL(0);
    if (one) {
        sets.push_back(require_set(PG_GETARG_OID(0)));
        require_owner(sets[0].parent, sets[0].parent_text);
    } else {
        sets = load_sets();
    }
    std::vector<ActionRow> rows;
    for (const SetConfig& cfg : sets) {
        if (cfg.strategy == core::Strategy::bucket) continue;
        if (!one && !owner_or_admin(cfg.parent)) continue;  // other owners' sets: not ours to maintain
        if (!cfg.enabled) {
            if (one) {
                ActionRow r;
                r.parent = cfg.parent_text;
                r.parent_oid = cfg.parent;
                r.action = core::Action::skipped;
                r.message = "the set is disabled (update_partition_set(parent, enabled => true) enables it)";
                rows.push_back(r);
            }
            continue;
        }
        size_t from = rows.size();
        maintain_set(cfg, req, rows);
        if (!req.dry_run) write_log(rows, from);
    }
    SrfOut out(fcinfo);
    for (const ActionRow& r : rows) out.add(action_columns(r));
    return (Datum)0;
}

// One transaction's share of a maintenance run of one set (run_partition_maintenance_proc loops
// over it, committing between calls): the set's full maintenance with at most gap_fill_limit
// gap-fill partitions. One row: every action taken (as text), gap-fill partitions created, whether
// the lock budget stopped it (continue in a new transaction), and how many actions changed something.
Datum chunk_impl(FunctionCallInfo fcinfo) {
    const char* fn = "_maintenance_chunk";
    require_arg(fcinfo, 0, "parent", fn);
    require_arg(fcinfo, 1, "gap_fill_limit", fn);
    Spi spi;
    SetConfig cfg = require_set(PG_GETARG_OID(0));
    require_owner(cfg.parent, cfg.parent_text);
    MaintenanceRequest req;
    req.gap_fill_limit = std::max<int64_t>(PG_GETARG_INT64(1), 0);
    std::vector<ActionRow> rows;
    MaintenanceOutcome o;
    if (cfg.strategy != core::Strategy::bucket && cfg.enabled) o = maintain_set(cfg, req, rows);
    write_log(rows, 0);
    std::vector<std::optional<std::string>> actions;
    int64_t progress = 0;
    for (const ActionRow& r : rows) {
        actions.push_back(std::string(core::to_text(r.action)));
        if (r.success && r.action != core::Action::deferred && r.action != core::Action::skipped) ++progress;
    }
    SrfOut out(fcinfo);
    out.add({text_array_param(actions).text, std::to_string(o.gap_created), std::string(o.more_now ? "true" : "false"),
             std::to_string(progress)});
    return (Datum)0;
}

Datum empty_default_impl(FunctionCallInfo fcinfo) {
    const char* fn = "empty_default_partition";
    require_arg(fcinfo, 0, "parent", fn);
    Spi spi;
    MaintenanceRequest req;
    req.create = req.retire = req.ensure_default = req.reapply_privileges = false;
    req.empty_default = true;
    req.dry_run = dry_run_arg(fcinfo, 1, fn);
    return run_one(fcinfo, fn, req);
}

std::optional<std::string> num_text(const std::optional<int64_t>& v) {
    return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
}

// Rows of list_partitions for one parent (registered or not).
void list_one(SrfOut& out, Oid parent, const std::optional<SetConfig>& cfg) {
    const bool with_retention_at = out.columns() > 8;  // the 0.1.0 definition has 8 columns
    for (const PartitionListRow& r : list_partitions(parent, cfg, with_retention_at)) {
        TextRow row{rel_value(r.parent_oid), rel_value(r.partition_oid), r.lower, r.upper, num_text(r.est_rows), num_text(r.bytes),
                    std::string(r.is_default ? "true" : "false"), r.status};
        if (with_retention_at)
            row.push_back(r.retention_at ? std::optional<std::string>(timestamptz_text(*r.retention_at)) : std::nullopt);
        out.add(row);
    }
}

Datum list_impl(FunctionCallInfo fcinfo) {
    Spi spi;
    SrfOut out(fcinfo);
    if (!PG_ARGISNULL(0)) {
        Oid parent = PG_GETARG_OID(0);
        list_one(out, parent, load_set(parent));
        return (Datum)0;
    }
    for (const SetConfig& cfg : load_sets()) list_one(out, cfg.parent, cfg);
    return (Datum)0;
}

// gap_fill_status(parent): parent, missing partitions, from, to, per run, runs needed.
Datum gap_fill_status_impl(FunctionCallInfo fcinfo) {
    Spi spi;
    std::vector<GapFillStatus> rows = gap_fill_status(PG_ARGISNULL(0) ? std::nullopt : std::optional<Oid>(PG_GETARG_OID(0)));
    SrfOut out(fcinfo);
    for (const GapFillStatus& r : rows)
        out.add({rel_value(r.parent_oid), std::to_string(r.missing), r.from, r.to, std::to_string(r.per_run), num_text(r.runs)});
    return (Datum)0;
}

}  // namespace
}  // namespace pg

Datum partman_create_future_partitions(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::create_future_impl(fcinfo); }); }
Datum partman_drop_old_partitions_months(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::drop_old_impl(fcinfo, false); }); }
Datum partman_drop_old_partitions_interval(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::drop_old_impl(fcinfo, true); }); }
Datum partman_run_partition_maintenance(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::run_maintenance_impl(fcinfo); }); }
Datum partman_empty_default_partition(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::empty_default_impl(fcinfo); }); }
Datum partman_list_partitions(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::list_impl(fcinfo); }); }
Datum partman_maintenance_chunk(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::chunk_impl(fcinfo); }); }
Datum partman_gap_fill_status(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::gap_fill_status_impl(fcinfo); }); }

}  // namespace pmx
