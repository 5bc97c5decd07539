// list_partitions' rows (see partition_list.hpp).
#include "engine/partition_list.hpp"

#include "engine/maintenance.hpp"
#include "engine/periods.hpp"
#include "engine/schedule.hpp"

#include <algorithm>
#include <climits>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {
namespace {

std::optional<int64_t> known_rows(Oid relid) {
    int64_t n = estimated_rows(relid);
    return n < 0 ? std::nullopt : std::optional<int64_t>(n);
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
        if (rt.cfg.strategy == core::Strategy::integer && !owner_or_admin(rt.cfg.parent)) return;
        active_ = true;
        earliest_ = std::max(next_regular_maintenance(rt.cfg.parent).at, rt.cfg.retention_not_before.value_or(INT64_MIN));
        int64_t now = rt.cfg.strategy == core::Strategy::integer ? max_control_value(rt).value_or(rt.anchor) : rt.map.now_units();
        current_ = core::slot_of(rt.interval, rt.anchor, now);
        if (rt.cfg.strategy == core::Strategy::integer)
            keep_from_ = core::slot_of(rt.interval, rt.anchor, now - parse_positive_int(*rt.cfg.retention, "retention"));
    }
    std::optional<int64_t> at(const PartitionInfo& p) const {
        if (!active_) return std::nullopt;
        SlotRange s = slots_of(rt_, p);
        if (s.hi_open || (!s.lo_open && s.lo <= current_ && current_ < s.hi)) return std::nullopt;
        if (rt_.cfg.strategy == core::Strategy::integer) {
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

}  // namespace

std::vector<PartitionListRow> list_partitions(Oid parent, const std::optional<SetConfig>& cfg, bool with_retention_at) {
    std::optional<SetRuntime> rt;
    ParentInfo info;
    if (cfg && cfg->strategy != core::Strategy::bucket) {
        rt.emplace(open_set(*cfg));
        info = rt->parent;
    } else {
        info = read_parent(parent, nullptr);
    }
    const std::string parent_name = info.qualified();
    std::optional<PeriodScale> scale;  // time sets: where each partition stands (periods.hpp)
    std::optional<RetentionTimes> retention_times;
    if (rt) {
        if (rt->cfg.strategy == core::Strategy::time) scale = time_scale(*rt);
        if (with_retention_at) retention_times.emplace(*rt);
    }
    std::vector<const PartitionInfo*> parts;
    for (const PartitionInfo& p : info.partitions) parts.push_back(&p);
    std::sort(parts.begin(), parts.end(), [](const PartitionInfo* a, const PartitionInfo* b) {
        if (a->lo_open != b->lo_open) return a->lo_open;
        if (a->lo_datum != b->lo_datum) return a->lo < b->lo || (a->lo == b->lo && a->name() < b->name());
        return a->name() < b->name();
    });
    std::vector<PartitionListRow> out;
    for (const PartitionInfo* p : parts) {
        PartitionListRow row;
        row.parent = parent_name;
        row.parent_oid = info.oid;
        row.partition = qualified(p->schema(), p->name());
        row.partition_oid = p->oid;
        bool range = info.strategy == 'r' && info.key_count == 1;
        if (range) {
            row.lower = bound_text(*p, false, info.key_type_oid);  // -infinity / infinity as such, not MINVALUE / MAXVALUE
            row.upper = bound_text(*p, true, info.key_type_oid);
        }
        row.est_rows = known_rows(p->oid);
        row.bytes = total_bytes(p->oid);  // unknown: a Citus shard not readable now
        if (scale) {
            Period period = period_of(*p, *scale);
            row.status = period == Period::past && beyond_retention(*p, *scale) ? "beyond retention" : period_text(period);
        } else if (rt) {
            row.status = "partition";
        } else if (cfg) {
            row.status = "bucket";
        }
        if (retention_times) row.retention_at = retention_times->at(*p);
        out.push_back(std::move(row));
    }
    if (info.default_partition) {
        const PartitionInfo& d = *info.default_partition;
        PartitionListRow row;
        row.parent = parent_name;
        row.parent_oid = info.oid;
        row.partition = qualified(d.schema(), d.name());
        row.partition_oid = d.oid;
        row.est_rows = known_rows(d.oid);
        row.bytes = total_bytes(d.oid);
        row.is_default = true;
        row.status = "default";
        out.push_back(std::move(row));
    }
    return out;
}

}  // namespace pg

}  // namespace pmx
