// Ranges on demand and a change of interval (see ranges.hpp).
#include "engine/ranges.hpp"

#include "pg/catalog.hpp"
#include "pg/spi.hpp"

#include <algorithm>
#include <regex>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

namespace {

// 'YYYY-MM' or 'YYYY' as a span of local time: [start, end).
std::optional<std::pair<int64_t, int64_t>> calendar_span(const std::string& text) {
    static const std::regex month(R"(^\s*(\d{4})-(\d{1,2})\s*$)"), year(R"(^\s*(\d{4})\s*$)");
    std::smatch m;
    if (std::regex_match(text, m, month)) {
        int y = std::stoi(m[1]), mo = std::stoi(m[2]);
        if (mo < 1 || mo > 12) return std::nullopt;
        return std::make_pair(core::from_civil(y, mo, 1), mo == 12 ? core::from_civil(y + 1, 1, 1) : core::from_civil(y, mo + 1, 1));
    }
    if (std::regex_match(text, m, year)) {
        int y = std::stoi(m[1]);
        return std::make_pair(core::from_civil(y, 1, 1), core::from_civil(y + 1, 1, 1));
    }
    return std::nullopt;
}

int64_t value_units(const SetRuntime& rt, const std::string& text, bool upper) {
    if (rt.cfg.strategy == core::Strategy::time)
        if (auto span = calendar_span(text)) return upper ? span->second : span->first;
    try {
        return rt.map.units_from_text(text);
    } catch (const PgError& e) {
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE,
                        std::string("invalid ") + (upper ? "to" : "from") + " value \"" + text + "\" for " + rt.parent.qualified(),
                        e.what(),
                        rt.cfg.strategy == core::Strategy::time ? "Give a value of the control column's type, a month 'YYYY-MM' or a year 'YYYY'."
                                                  : "Give an integer.");
    }
}

}  // namespace

std::pair<int64_t, int64_t> requested_range(const SetRuntime& rt, const std::string& from, const std::string& to) {
    int64_t lo = value_units(rt, from, false), hi = value_units(rt, to, true);
    if (lo >= hi)
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "from must be before to",
                        "Got from " + rt.map.to_display(lo) + " and to " + rt.map.to_display(hi) + " (to is exclusive, "
                        "except that a month or a year given as to includes it).",
                        "For example create_partitions(parent, '2024-01', '2024-12') creates January through December 2024.");
    int64_t first = core::slot_of(rt.interval, rt.anchor, lo), last = core::slot_of(rt.interval, rt.anchor, hi - 1);
    constexpr int64_t kMax = 10000;
    if (last - first >= kMax)
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE,
                        "the range from " + rt.map.to_display(lo) + " to " + rt.map.to_display(hi) + " spans " +
                            std::to_string(last - first + 1) + " partitions",
                        "create_partitions creates at most " + std::to_string(kMax) + " partitions per call.",
                        "Ask for a shorter range, or call it several times.");
    return {lo, hi};
}

void change_partition_interval(const SetConfig& cfg, const std::string& text) {
    if (cfg.strategy == core::Strategy::bucket)
        throw UserError(ERRCODE_WRONG_OBJECT_TYPE, cfg.parent_text + " is a bucket set", "It has no interval.",
                        "Bucket sets keep their bucket count; see create_bucket_partitions().");
    const bool integer = cfg.strategy == core::Strategy::integer;
    ParentInfo info = read_parent(cfg.parent, nullptr);
    core::Interval iv = integer ? core::integer_interval(parse_positive_int(text, "partition_interval"))
                                : parse_time_interval(text, info.key_type == KeyType::Date, "partition_interval");
    ValueMap map(info.key_type, cfg.time_zone, iv);
    apply_map(info, map);
    const PartitionInfo* top = nullptr;
    for (const PartitionInfo& p : info.partitions)
        if (!p.hi_open && (!top || p.hi > top->hi)) top = &p;
    // A hole between existing partitions would be filled later on the new grid, whose bounds do
    // not meet the old ones: refuse, and say how to fill it with the current interval first.
    std::vector<const PartitionInfo*> sorted;
    for (const PartitionInfo& p : info.partitions)
        if (!p.lo_open && !p.hi_open) sorted.push_back(&p);
    std::sort(sorted.begin(), sorted.end(), [](const PartitionInfo* a, const PartitionInfo* b) { return a->lo < b->lo; });
    for (size_t i = 1; i < sorted.size(); ++i) {
        if (sorted[i]->lo <= sorted[i - 1]->hi) continue;
        const std::string lo = map.to_display(sorted[i - 1]->hi), hi = map.to_display(sorted[i]->lo);
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE,
                        "the partitions of " + info.qualified() + " leave a hole from " + lo + " to " + hi,
                        "A new interval applies from the upper bound of the highest partition on; a hole before it "
                        "would later be filled on the new grid, whose bounds do not meet the old ones.",
                        "Fill it with the current interval first: SELECT * FROM partman_ext.create_partitions('" +
                            cfg.parent_text + "', " + literal(lo) + ", " + literal(hi) + "); then change the interval.");
    }
    int64_t anchor = top ? top->hi : adopt_anchor(info, iv, map);
    if (iv.kind == core::Interval::Kind::Months && !core::is_month_start(anchor)) {
        const core::Civil c = core::to_civil(anchor);
        const std::string next =
            map.to_literal(c.month == 12 ? core::from_civil(c.year + 1, 1, 1) : core::from_civil(c.year, c.month + 1, 1));
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE,
                        "a partition interval of months cannot continue from " + map.to_display(anchor),
                        "The grid continues from the upper bound of the highest partition, " + map.to_display(anchor) +
                            ", and partitions of whole months start on the 1st at midnight.",
                        "Attach one partition that bridges the gap first, e.g. CREATE TABLE ... PARTITION OF " +
                            info.qualified() + " FOR VALUES FROM (" + map.to_literal(anchor) + ") TO (" + next +
                            "), or choose an interval of days.");
    }
    check_reachable(iv, anchor, map, planning_now(info, map, integer, anchor), cfg.premake, cfg.parent_text);
    AsUser ext(extension_owner());
    query("UPDATE partman_ext.part_config SET partition_interval = $2, anchor = $3, updated_at = now() "
          "WHERE parent_table = $1::oid",
          {oid_param(cfg.parent), text_param(core::describe(iv)), text_param(anchor_to_text(integer, anchor))});
}

}  // namespace pg

}  // namespace pmx
