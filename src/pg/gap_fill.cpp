// partman_ext.gap_fill_status(parent): the gap fill maintenance still has to do, per set, from the
// catalog only (no table is read, no lock is waited for). Read by the GAP_FILL_PENDING health alert.
#include "core/planner.hpp"
#include "pg/checks.hpp"
#include "pg/settings.hpp"
#include "pg/sets.hpp"
#include "pg/spi.hpp"
#include "pg/srf.hpp"

extern "C" {
PG_FUNCTION_INFO_V1(partman_gap_fill_status);
Datum partman_gap_fill_status(PG_FUNCTION_ARGS);
}

namespace pg {
namespace {

void status_in(SrfOut& out, const SetConfig& cfg);

// One row when the set has uncovered intervals between the start of its coverage and now:
// parent, missing partitions, from, to, per run, runs needed (NULL when gap fill is off).
void status_of(SrfOut& out, const SetConfig& cfg) {
    if (cfg.strategy == "bucket" || !lock_now(cfg.parent)) return;  // locked: not inspected this time
    // A set that cannot be read (dropped, no longer partitioned, bounds out of range) has no row
    // here; the health check reports such sets through its other alerts.
    try {
        (void)in_subtransaction([&] { status_in(out, cfg); });
    } catch (const UserError&) {
    }
}

void status_in(SrfOut& out, const SetConfig& cfg) {
    std::optional<SetRuntime> rt;
    rt.emplace(open_set(cfg));
    const bool integer = cfg.strategy == "integer";
    core::PlanInput in = plan_input(*rt, planning_now(rt->parent, rt->map, integer, rt->anchor), cfg.premake,
                                    cfg.retention);
    core::CreatePlan plan = core::plan_creation(in, 0);
    if (plan.gap_left <= 0) return;
    auto lo = slot_bounds(rt->interval, rt->anchor, rt->map, plan.gap_left_lo);
    auto hi = slot_bounds(rt->interval, rt->anchor, rt->map, plan.gap_left_hi);
    std::optional<std::string> runs;
    if (pmx::max_gap_fill > 0)
        runs = std::to_string(plan.gap_left / pmx::max_gap_fill + (plan.gap_left % pmx::max_gap_fill ? 1 : 0));
    out.add({rel_value(rt->parent.oid), std::to_string(plan.gap_left),
             lo ? std::optional<std::string>(rt->map.to_display(lo->first)) : std::nullopt,
             hi ? std::optional<std::string>(rt->map.to_display(hi->second)) : std::nullopt,
             std::to_string(pmx::max_gap_fill), runs});
}

Datum gap_fill_status_impl(FunctionCallInfo fcinfo) {
    Spi spi;
    SrfOut out(fcinfo);
    if (!PG_ARGISNULL(0)) {
        status_of(out, require_set(PG_GETARG_OID(0)));
        return (Datum)0;
    }
    for (const SetConfig& cfg : load_sets()) status_of(out, cfg);
    return (Datum)0;
}

}  // namespace
}  // namespace pg

Datum partman_gap_fill_status(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::gap_fill_status_impl(fcinfo); }); }
