// SQL functions that maintain partition sets: create_future_partitions, drop_old_partitions,
// run_partition_maintenance, empty_default_partition, list_partitions.
#include "core/planner.hpp"
#include "pg/checks.hpp"
#include "pg/maintenance.hpp"
#include "pg/spi.hpp"
#include "pg/srf.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
}

#include <algorithm>

extern "C" {
PG_FUNCTION_INFO_V1(partman_create_future_partitions);
PG_FUNCTION_INFO_V1(partman_drop_old_partitions_months);
PG_FUNCTION_INFO_V1(partman_drop_old_partitions_interval);
PG_FUNCTION_INFO_V1(partman_run_partition_maintenance);
PG_FUNCTION_INFO_V1(partman_empty_default_partition);
PG_FUNCTION_INFO_V1(partman_list_partitions);
Datum partman_create_future_partitions(PG_FUNCTION_ARGS);
Datum partman_drop_old_partitions_months(PG_FUNCTION_ARGS);
Datum partman_drop_old_partitions_interval(PG_FUNCTION_ARGS);
Datum partman_run_partition_maintenance(PG_FUNCTION_ARGS);
Datum partman_empty_default_partition(PG_FUNCTION_ARGS);
Datum partman_list_partitions(PG_FUNCTION_ARGS);
}

namespace pg {
namespace {

// Runs the request on one registered set the caller may maintain, and returns its rows.
Datum run_one(FunctionCallInfo fcinfo, const char* fn, const MaintenanceRequest& req, SetConfig* preloaded = nullptr) {
    SetConfig cfg = preloaded ? *preloaded : require_set(PG_GETARG_OID(0));
    require_owner(cfg.parent, cfg.parent_text);
    if (cfg.strategy == "bucket")
        throw UserError(ERRCODE_WRONG_OBJECT_TYPE, cfg.parent_text + " is a bucket set", std::string(fn) +
                        " applies to time and integer sets.", "Bucket sets keep all their buckets; see create_bucket_partitions().");
    std::vector<ActionRow> rows;
    maintain_set(cfg, req, rows);
    write_log(rows, 0);
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
    req.ensure_default = false;
    req.dry_run = dry_run_arg(fcinfo, 2, fn);
    if (!PG_ARGISNULL(1)) {
        check_premake(PG_GETARG_INT32(1));
        req.premake = PG_GETARG_INT32(1);
    }
    return run_one(fcinfo, fn, req);
}

Datum drop_old_impl(FunctionCallInfo fcinfo, bool interval_form) {
    const char* fn = "drop_old_partitions";
    require_arg(fcinfo, 0, "parent", fn);
    require_arg(fcinfo, 1, "retention", fn);
    Spi spi;
    SetConfig cfg = require_set(PG_GETARG_OID(0));
    MaintenanceRequest req;
    req.create = false;
    req.ensure_default = false;
    req.dry_run = dry_run_arg(fcinfo, 2, fn);
    if (interval_form) {
        if (cfg.strategy == "integer")
            throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, cfg.parent_text + " is an integer partition set",
                            "Its retention is a distance in values of the control column, not an interval.",
                            "Pass a number, e.g. drop_old_partitions('" + cfg.parent_text + "', 1000000).");
        Datum d = PG_GETARG_DATUM(1);
        req.retention = call([&] { return static_cast<const char*>(DatumGetCString(DirectFunctionCall1(interval_out, d))); });
    } else {
        int n = PG_GETARG_INT32(1);
        if (n <= 0)
            throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "retention must be positive",
                            "Got " + std::to_string(n) + (cfg.strategy == "time" ? " months." : "."),
                            "Pass how much to keep, e.g. 12 (months) or interval '90 days'.");
        req.retention = cfg.strategy == "time" ? std::to_string(n) + " months" : std::to_string(n);
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
        if (cfg.strategy == "bucket") continue;
        if (!one && !owner_or_admin(cfg.parent)) continue;  // other owners' sets: not ours to maintain
        if (!cfg.enabled) {
            if (one) {
                ActionRow r;
                r.parent = cfg.parent_text;
                r.action = "skipped";
                r.message = "the set is disabled (update_partition_set(parent, enabled => true) enables it)";
                rows.push_back(r);
            }
            continue;
        }
        size_t from = rows.size();
        maintain_set(cfg, req, rows);
        write_log(rows, from);
    }
    SrfOut out(fcinfo);
    for (const ActionRow& r : rows) out.add(action_columns(r));
    return (Datum)0;
}

Datum empty_default_impl(FunctionCallInfo fcinfo) {
    const char* fn = "empty_default_partition";
    require_arg(fcinfo, 0, "parent", fn);
    Spi spi;
    MaintenanceRequest req;
    req.create = req.retire = req.ensure_default = false;
    req.empty_default = true;
    req.dry_run = dry_run_arg(fcinfo, 1, fn);
    return run_one(fcinfo, fn, req);
}

std::optional<std::string> rows_text(Oid relid) {
    int64_t n = estimated_rows(relid);
    return n < 0 ? std::nullopt : std::optional<std::string>(std::to_string(n));
}

std::optional<std::string> bytes_text(Oid relid) {
    std::optional<int64_t> n = total_bytes(relid);  // unknown: a Citus shard not readable now
    return n ? std::optional<std::string>(std::to_string(*n)) : std::nullopt;
}

// Rows of list_partitions for one parent (registered or not).
void list_one(SrfOut& out, Oid parent, const std::optional<SetConfig>& cfg) {
    std::optional<SetRuntime> rt;
    ParentInfo info;
    if (cfg && cfg->strategy != "bucket") {
        rt.emplace(open_set(*cfg));
        info = rt->parent;
    } else {
        info = read_parent(parent, nullptr);
    }
    const std::string parent_name = info.qualified();
    std::optional<int64_t> current, keep_from;
    if (rt) {
        int64_t now = rt->cfg.strategy == "integer" ? 0 : rt->map.now_units();
        if (rt->cfg.strategy == "time") current = core::slot_of(rt->interval, rt->anchor, now);
        if (rt->cfg.retention && rt->cfg.strategy == "time")
            keep_from = core::slot_of(rt->interval, rt->anchor, rt->map.minus_interval(now, *rt->cfg.retention));
    }
    std::vector<const PartitionInfo*> parts;
    for (const PartitionInfo& p : info.partitions) parts.push_back(&p);
    std::sort(parts.begin(), parts.end(), [](const PartitionInfo* a, const PartitionInfo* b) {
        if (a->lo_open != b->lo_open) return a->lo_open;
        if (a->lo_datum != b->lo_datum) return a->lo < b->lo || (a->lo == b->lo && a->name() < b->name());
        return a->name() < b->name();
    });
    for (const PartitionInfo* p : parts) {
        std::optional<std::string> lo, hi, status;
        bool range = info.strategy == 'r' && info.key_count == 1;
        if (range) {
            lo = p->lo_open ? std::string("MINVALUE") : datum_text(p->lo_datum, info.key_type_oid);
            hi = p->hi_open ? std::string("MAXVALUE") : datum_text(p->hi_datum, info.key_type_oid);
        }
        if (rt && current) {
            SlotRange s = slots_of(*rt, *p);
            if (!s.hi_open && s.hi <= *current)
                status = keep_from && s.hi <= *keep_from ? "beyond retention" : "past";
            else if (!s.lo_open && s.lo > *current)
                status = "future";
            else
                status = "current";
        } else if (rt) {
            status = "partition";
        } else if (cfg) {
            status = "bucket";
        }
        out.add({parent_name, qualified(p->schema(), p->name()), lo, hi, rows_text(p->oid),
                 bytes_text(p->oid), std::string("false"), status});
    }
    if (info.default_partition) {
        const PartitionInfo& d = *info.default_partition;
        out.add({parent_name, qualified(d.schema(), d.name()), std::nullopt, std::nullopt, rows_text(d.oid),
                 bytes_text(d.oid), std::string("true"), std::string("default")});
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

}  // namespace
}  // namespace pg

Datum partman_create_future_partitions(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::create_future_impl(fcinfo); }); }
Datum partman_drop_old_partitions_months(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::drop_old_impl(fcinfo, false); }); }
Datum partman_drop_old_partitions_interval(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::drop_old_impl(fcinfo, true); }); }
Datum partman_run_partition_maintenance(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::run_maintenance_impl(fcinfo); }); }
Datum partman_empty_default_partition(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::empty_default_impl(fcinfo); }); }
Datum partman_list_partitions(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::list_impl(fcinfo); }); }
