// Planning (see planner.hpp).
#include "core/planner.hpp"

#include <algorithm>

namespace core {

namespace {
bool covered(const boost::container::vector<Coverage>& ex, int64_t slot) {
    for (const Coverage& c : ex)
        if ((c.lo_open || c.lo <= slot) && (c.hi_open || slot < c.hi)) return true;
    return false;
}
}  // namespace

boost::container::vector<int64_t> slots_to_create(const PlanInput& in) {
    int64_t from = in.current;
    for (const Coverage& c : in.existing)
        if (!c.lo_open) from = std::min(from, c.lo);
    if (in.keep_from) from = std::max(from, *in.keep_from);
    const int64_t to = in.current + std::max(in.premake, 0);

    // Sort coverage once so the scan is O(slots + partitions).
    boost::container::vector<Coverage> ex(in.existing.begin(), in.existing.end());
    std::sort(ex.begin(), ex.end(), [](const Coverage& a, const Coverage& b) {
        if (a.lo_open != b.lo_open) return a.lo_open;
        return a.lo < b.lo;
    });
    boost::container::vector<int64_t> out;
    size_t i = 0;
    int64_t slot = from;
    while (slot <= to) {
        // Skip partitions that end before this slot.
        while (i < ex.size() && !ex[i].hi_open && ex[i].hi <= slot) ++i;
        if (i < ex.size() && (ex[i].lo_open || ex[i].lo <= slot)) {
            if (ex[i].hi_open) break;
            slot = ex[i].hi;
            continue;
        }
        if (!covered(ex, slot)) out.push_back(slot);
        ++slot;
    }
    return out;
}

boost::container::vector<size_t> partitions_to_retire(const PlanInput& in) {
    boost::container::vector<size_t> out;
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
    for (int64_t s = in.current + 1; covered(in.existing, s); ++s) {
        ++n;
        if (n > 100000) break;  // open-ended partition covers everything
    }
    return n;
}

}  // namespace core
