// Planning (see planner.hpp).
#include "core/planner.hpp"

#include <algorithm>
#include <limits>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace core {

namespace {

using Wide = __int128;  // slot arithmetic that never overflows: open ends lie beyond every int64

constexpr Wide kBelowAll = Wide(std::numeric_limits<int64_t>::min()) - 1;
constexpr Wide kAboveAll = Wide(std::numeric_limits<int64_t>::max()) + 1;

struct Range {
    Wide lo, hi;  // [lo, hi)
};

// The existing partitions' coverage as sorted, disjoint, merged ranges.
SetList<Range> merged(const SetList<Coverage>& ex) {
    SetList<Range> r;
    r.reserve(ex.size());
    for (const Coverage& c : ex) {
        Range x{c.lo_open ? kBelowAll : Wide(c.lo), c.hi_open ? kAboveAll : Wide(c.hi)};
        if (x.lo < x.hi) r.push_back(x);
    }
    std::sort(r.begin(), r.end(), [](const Range& a, const Range& b) { return a.lo < b.lo; });
    SetList<Range> out;
    for (const Range& x : r) {
        if (!out.empty() && x.lo <= out.back().hi)
            out.back().hi = std::max(out.back().hi, x.hi);
        else
            out.push_back(x);
    }
    return out;
}

// Uncovered ranges inside [from, to), ascending.
SetList<Range> uncovered(const SetList<Range>& cov, Wide from, Wide to) {
    SetList<Range> out;
    Wide start = from;
    for (const Range& r : cov) {
        if (start >= to) break;
        if (r.hi <= start) continue;
        if (r.lo >= to) break;
        if (r.lo > start) out.push_back({start, std::min(r.lo, to)});
        start = std::max(start, r.hi);
    }
    if (start < to) out.push_back({start, to});
    return out;
}

int64_t saturate(Wide v) {
    if (v > Wide(std::numeric_limits<int64_t>::max())) return std::numeric_limits<int64_t>::max();
    return int64_t(v);
}

}  // namespace

bool is_covered(const SetList<Coverage>& ex, int64_t slot) {
    for (const Coverage& c : ex)
        if ((c.lo_open || c.lo <= slot) && (c.hi_open || slot < c.hi)) return true;
    return false;
}

CreatePlan plan_creation(const PlanInput& in, int64_t gap_limit) {
    CreatePlan plan;
    Wide from = in.current;
    for (const Coverage& c : in.existing)
        if (!c.lo_open) from = std::min(from, Wide(c.lo));
    if (in.keep_from) from = std::max(from, Wide(*in.keep_from));
    const Wide current = in.current;
    const Wide to = std::min(current + std::max(in.premake, 0), Wide(std::numeric_limits<int64_t>::max()));
    const SetList<Range> cov = merged(in.existing);

    // The present: current .. current + premake (never before keep_from).
    for (const Range& u : uncovered(cov, std::max(current, from), to + 1))
        for (Wide s = u.lo; s < u.hi; ++s) plan.present.push_back(int64_t(s));

    // The gap: before current, nearest first, at most gap_limit listed; the rest counted.
    const SetList<Range> gaps = uncovered(cov, from, current);
    Wide total = 0;
    for (const Range& u : gaps) total += u.hi - u.lo;
    const Wide limit = std::max<int64_t>(gap_limit, 0);
    for (auto it = gaps.rbegin(); it != gaps.rend() && Wide(plan.gap.size()) < limit; ++it)
        for (Wide s = it->hi - 1; s >= it->lo && Wide(plan.gap.size()) < limit; --s) plan.gap.push_back(int64_t(s));
    const Wide left = total - Wide(plan.gap.size());
    plan.gap_left = saturate(left);
    if (left > 0) {
        plan.gap_left_lo = int64_t(gaps.front().lo);
        // The highest slot not listed: below the last listed one, or the top of the next range down.
        Wide skip = Wide(plan.gap.size());
        for (auto it = gaps.rbegin(); it != gaps.rend(); ++it) {
            Wide len = it->hi - it->lo;
            if (skip < len) {
                plan.gap_left_hi = int64_t(it->hi - 1 - skip);
                break;
            }
            skip -= len;
        }
    }
    return plan;
}

SetList<int64_t> slots_to_create(const PlanInput& in) {
    CreatePlan p = plan_creation(in, std::numeric_limits<int64_t>::max());
    SetList<int64_t> out(p.gap.rbegin(), p.gap.rend());
    out.insert(out.end(), p.present.begin(), p.present.end());
    return out;
}

SetList<size_t> partitions_to_retire(const PlanInput& in) {
    SetList<size_t> out;
    if (!in.keep_from) return out;
    for (size_t i = 0; i < in.existing.size(); ++i) {
        const Coverage& c = in.existing[i];
        if (c.hi_open) continue;
        if (c.hi <= *in.keep_from && c.hi <= in.current) out.push_back(i);
    }
    std::sort(out.begin(), out.end(), [&](size_t a, size_t b) {
        const Coverage &x = in.existing[a], &y = in.existing[b];
        if (x.lo_open != y.lo_open) return x.lo_open;
        return x.lo < y.lo;
    });
    return out;
}

int64_t future_slots_covered(const PlanInput& in) {
    int64_t n = 0;
    for (int64_t s = in.current + 1; is_covered(in.existing, s); ++s) {
        ++n;
        if (n > 100000) break;  // open-ended partition covers everything
    }
    return n;
}

int64_t locks_per_partition(int64_t indexes, int64_t constraints, bool toastable) {
    return 2 + (toastable ? 2 : 0) + 2 * std::max<int64_t>(indexes, 0) + std::max<int64_t>(constraints, 0);
}

LockBudget::LockBudget(int64_t limit, int64_t held, int64_t per_partition, int64_t reserve)
    : max_(limit), held_(held), per_(std::max<int64_t>(per_partition, 1)), reserve_(reserve) {}

bool LockBudget::take() {
    bool first_fits = taken_ == 0 && held_ <= max_ / 2;
    if (!first_fits && held_ + taken_ + per_ + reserve_ > max_) return false;
    taken_ += per_;
    return true;
}

}  // namespace core

}  // namespace pmx
