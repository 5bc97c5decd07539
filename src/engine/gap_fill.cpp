// Gap fill still to do (see gap_fill.hpp).
#include "engine/gap_fill.hpp"

#include "core/planner.hpp"
#include "engine/checks.hpp"
#include "engine/sets.hpp"
#include "pg/settings.hpp"
#include "pg/spi.hpp"

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {
namespace {

void status_in(std::vector<GapFillStatus>& out, const SetConfig& cfg) {
    std::optional<SetRuntime> rt;
    rt.emplace(open_set(cfg));
    const bool integer = cfg.strategy == core::Strategy::integer;
    core::PlanInput in = plan_input(*rt, planning_now(rt->parent, rt->map, integer, rt->anchor), cfg.premake,
                                    cfg.retention);
    core::CreatePlan plan = core::plan_creation(in, 0);
    if (plan.gap_left <= 0) return;
    auto lo = slot_bounds(rt->interval, rt->anchor, rt->map, plan.gap_left_lo);
    auto hi = slot_bounds(rt->interval, rt->anchor, rt->map, plan.gap_left_hi);
    GapFillStatus s;
    s.parent = rt->parent.qualified();
    s.parent_oid = rt->parent.oid;
    s.missing = plan.gap_left;
    if (lo) s.from = rt->map.to_display(lo->first);
    if (hi) s.to = rt->map.to_display(hi->second);
    s.per_run = pmx::max_gap_fill;
    if (pmx::max_gap_fill > 0) s.runs = plan.gap_left / pmx::max_gap_fill + (plan.gap_left % pmx::max_gap_fill ? 1 : 0);
    out.push_back(std::move(s));
}

void status_of(std::vector<GapFillStatus>& out, const SetConfig& cfg) {
    if (cfg.strategy == core::Strategy::bucket || !lock_now(cfg.parent)) return;  // locked: not inspected this time
    // A set that cannot be read (dropped, no longer partitioned, bounds out of range) has no row
    // here; the health check reports such sets through its other alerts.
    try {
        (void)in_subtransaction([&] { status_in(out, cfg); });
    } catch (const UserError&) {
    }
}

}  // namespace

std::vector<GapFillStatus> gap_fill_status(std::optional<Oid> parent) {
    std::vector<GapFillStatus> out;
    if (parent) {
        status_of(out, require_set(*parent));
        return out;
    }
    for (const SetConfig& cfg : load_sets()) status_of(out, cfg);
    return out;
}

}  // namespace pg

}  // namespace pmx
