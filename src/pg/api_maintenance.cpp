// SQL functions that maintain partition sets: create_future_partitions, drop_old_partitions,
// run_partition_maintenance, empty_default_partition, list_partitions.
#include "core/planner.hpp"
#include "pg/checks.hpp"
#include "pg/maintenance.hpp"
#include "pg/schedule.hpp"
#include "pg/spi.hpp"
#include "pg/srf.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
}

#include <algorithm>
#include <climits>

extern "C" {
PG_FUNCTION_INFO_V1(partman_create_future_partitions);
PG_FUNCTION_INFO_V1(partman_drop_old_partitions_months);
PG_FUNCTION_INFO_V1(partman_drop_old_partitions_interval);
PG_FUNCTION_INFO_V1(partman_run_partition_maintenance);
PG_FUNCTION_INFO_V1(partman_empty_default_partition);
PG_FUNCTION_INFO_V1(partman_list_partitions);
PG_FUNCTION_INFO_V1(partman_maintenance_chunk);
Datum partman_create_future_partitions(PG_FUNCTION_ARGS);
Datum partman_drop_old_partitions_months(PG_FUNCTION_ARGS);
Datum partman_drop_old_partitions_interval(PG_FUNCTION_ARGS);
Datum partman_run_partition_maintenance(PG_FUNCTION_ARGS);
Datum partman_empty_default_partition(PG_FUNCTION_ARGS);
Datum partman_list_partitions(PG_FUNCTION_ARGS);
Datum partman_maintenance_chunk(PG_FUNCTION_ARGS);
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
        if (cfg.strategy != "bucket") {
            SetRuntime rt = open_set(cfg);
            check_reachable(rt.interval, rt.anchor, rt.map,
                            planning_now(rt.parent, rt.map, cfg.strategy == "integer", rt.anchor), *req.premake,
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
                r.parent_oid = cfg.parent;
                r.action = "skipped";
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
    if (cfg.strategy != "bucket" && cfg.enabled) o = maintain_set(cfg, req, rows);
    write_log(rows, 0);
    std::vector<std::optional<std::string>> actions;
    int64_t progress = 0;
    for (const ActionRow& r : rows) {
        actions.push_back(r.action);
        if (r.success && r.action != "deferred" && r.action != "skipped") ++progress;
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

std::optional<std::string> rows_text(Oid relid) {
    int64_t n = estimated_rows(relid);
    return n < 0 ? std::nullopt : std::optional<std::string>(std::to_string(n));
}

// When retention acts on each partition of a set (list_partitions.retention_at): the first
// maintenance run at or after the returned instant removes it. Time sets: the partition falls
// behind retention at (start of the slot after it) + retention; never before the set's
// retention_not_before or the next regular maintenance run. Integer sets: only partitions already
// behind max(control) - retention (later ones depend on the data). nullopt: never (no retention,
// disabled set, the current or an open-ended partition).
class RetentionTimes {
public:
    explicit RetentionTimes(const SetRuntime& rt) : rt_(rt) {
        if (!rt.cfg.retention || !rt.cfg.enabled) return;
        // max(control) is read as the owner: only for those who may maintain the set.
        if (rt.cfg.strategy == "integer" && !owner_or_admin(rt.cfg.parent)) return;
        active_ = true;
        earliest_ = std::max(next_regular_maintenance(rt.cfg.parent).at, rt.cfg.retention_not_before.value_or(INT64_MIN));
        int64_t now = rt.cfg.strategy == "integer" ? max_control_value(rt).value_or(rt.anchor) : rt.map.now_units();
        current_ = core::slot_of(rt.interval, rt.anchor, now);
        if (rt.cfg.strategy == "integer")
            keep_from_ = core::slot_of(rt.interval, rt.anchor, now - parse_positive_int(*rt.cfg.retention, "retention"));
    }
    std::optional<int64_t> at(const PartitionInfo& p) const {
        if (!active_) return std::nullopt;
        SlotRange s = slots_of(rt_, p);
        if (s.hi_open || (!s.lo_open && s.lo <= current_ && current_ < s.hi)) return std::nullopt;
        if (rt_.cfg.strategy == "integer") {
            if (s.hi > keep_from_) return std::nullopt;
            return earliest_;
        }
        int64_t behind = rt_.map.plus_interval(core::slot_start(rt_.interval, rt_.anchor, s.hi), *rt_.cfg.retention);
        return std::max(rt_.map.to_instant(behind), earliest_);
    }

private:
    const SetRuntime& rt_;
    bool active_ = false;
    int64_t earliest_ = 0, current_ = 0, keep_from_ = 0;
};

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
    const std::optional<std::string> parent_name = rel_value(info.oid);
    std::optional<int64_t> current, keep_from;
    std::optional<RetentionTimes> retention_times;
    const bool with_retention_at = out.columns() > 8;  // the 0.1.0 definition has 8 columns
    if (rt) {
        int64_t now = rt->cfg.strategy == "integer" ? 0 : rt->map.now_units();
        if (rt->cfg.strategy == "time") current = core::slot_of(rt->interval, rt->anchor, now);
        if (rt->cfg.retention && rt->cfg.strategy == "time")
            keep_from = core::slot_of(rt->interval, rt->anchor, rt->map.minus_interval(now, *rt->cfg.retention));
        if (with_retention_at) retention_times.emplace(*rt);
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
            lo = bound_text(*p, false, info.key_type_oid);  // -infinity / infinity as such, not MINVALUE / MAXVALUE
            hi = bound_text(*p, true, info.key_type_oid);
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
        TextRow row{parent_name, rel_value(p->oid), lo, hi, rows_text(p->oid),
                    bytes_text(p->oid), std::string("false"), status};
        if (with_retention_at) {
            std::optional<int64_t> when = retention_times ? retention_times->at(*p) : std::nullopt;
            row.push_back(when ? std::optional<std::string>(timestamptz_text(*when)) : std::nullopt);
        }
        out.add(row);
    }
    if (info.default_partition) {
        const PartitionInfo& d = *info.default_partition;
        TextRow row{parent_name, rel_value(d.oid), std::nullopt, std::nullopt, rows_text(d.oid),
                    bytes_text(d.oid), std::string("true"), std::string("default")};
        if (with_retention_at) row.push_back(std::nullopt);
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

}  // namespace
}  // namespace pg

Datum partman_create_future_partitions(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::create_future_impl(fcinfo); }); }
Datum partman_drop_old_partitions_months(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::drop_old_impl(fcinfo, false); }); }
Datum partman_drop_old_partitions_interval(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::drop_old_impl(fcinfo, true); }); }
Datum partman_run_partition_maintenance(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::run_maintenance_impl(fcinfo); }); }
Datum partman_empty_default_partition(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::empty_default_impl(fcinfo); }); }
Datum partman_list_partitions(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::list_impl(fcinfo); }); }
Datum partman_maintenance_chunk(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::chunk_impl(fcinfo); }); }
