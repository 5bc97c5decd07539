// Partition periods (see periods.hpp).
#include "engine/periods.hpp"

#include <algorithm>
#include <climits>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

const char* period_text(Period p) {
    switch (p) {
        case Period::past: return "past";
        case Period::current: return "current";
        case Period::future: return "future";
    }
    return "current";
}

PeriodScale time_scale(const SetRuntime& rt) {
    PeriodScale s;
    s.now = rt.map.now_units();
    if (rt.cfg.retention) s.cutoff = rt.map.minus_interval(s.now, *rt.cfg.retention);
    return s;
}

std::optional<PeriodScale> integer_scale(const SetRuntime& rt, const std::unordered_set<Oid>& holding_rows) {
    std::optional<int64_t> highest_holding, lowest;
    for (const PartitionInfo& p : rt.parent.partitions) {
        if (p.lo_open) continue;
        lowest = lowest ? std::min(*lowest, p.lo) : p.lo;
        if (holding_rows.count(p.oid)) highest_holding = highest_holding ? std::max(*highest_holding, p.lo) : p.lo;
    }
    if (!lowest) return std::nullopt;
    PeriodScale s;
    s.now = highest_holding.value_or(*lowest);
    if (rt.cfg.retention) {
        int64_t cutoff;
        if (__builtin_sub_overflow(s.now, parse_positive_int(*rt.cfg.retention, "retention"), &cutoff)) cutoff = INT64_MIN;
        s.cutoff = cutoff;
    }
    return s;
}

Period period_of(const PartitionInfo& p, const PeriodScale& s) {
    if (!p.hi_open && p.hi <= s.now) return Period::past;
    if (!p.lo_open && p.lo > s.now) return Period::future;
    return Period::current;
}

bool beyond_retention(const PartitionInfo& p, const PeriodScale& s) { return s.cutoff && !p.hi_open && p.hi <= *s.cutoff; }

std::vector<PeriodRow> partition_periods(const std::vector<Oid>& parents, const std::unordered_set<Oid>& holding_rows) {
    std::vector<PeriodRow> out;
    for (Oid parent : parents) {
        if (!lock_now(parent)) continue;
        std::optional<SetConfig> cfg = load_set(parent);
        if (!cfg || cfg->strategy == core::Strategy::bucket) continue;
        std::optional<SetRuntime> rt;
        std::optional<PeriodScale> scale;
        try {
            rt.emplace(open_set(*cfg));
            scale = cfg->strategy == core::Strategy::integer ? integer_scale(*rt, holding_rows) : time_scale(*rt);
        } catch (const UserError&) {
            continue;  // not partitioned any more, or a configuration it cannot plan with
        }
        if (!scale) continue;
        for (const PartitionInfo& p : rt->parent.partitions)
            out.push_back(PeriodRow{parent, p.oid, period_of(p, *scale), beyond_retention(p, *scale)});
    }
    return out;
}

}  // namespace pg

}  // namespace pmx
