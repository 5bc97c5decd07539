// Where a partition stands in its set: past, current or future, and whether it lies beyond the
// set's retention. The one definition of the rule (issue 14): list_partitions() shows it, and the
// monitoring and health views read it through partman_ext._partition_periods().
#pragma once

#include "engine/sets.hpp"

#include <optional>
#include <unordered_set>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

enum class Period { past, current, future };
const char* period_text(Period p);

// A set's "now" and retention cutoff in set units. Time sets: the product clock, and now minus
// the retention interval. Integer sets have no clock and are never scanned: their now is the lower
// bound of the current partition, the highest one holding rows (by the catalog estimate the
// monitoring views show), or the lowest when none does; the cutoff is that minus the retention.
struct PeriodScale {
    int64_t now = 0;
    std::optional<int64_t> cutoff;  // nullopt: no retention
};
PeriodScale time_scale(const SetRuntime& rt);
std::optional<PeriodScale> integer_scale(const SetRuntime& rt, const std::unordered_set<Oid>& holding_rows);

// past: the upper bound is at or before now; future: the lower bound is after now; current
// otherwise (an open bound, MINVALUE/MAXVALUE or -infinity/infinity, is never at or after now).
Period period_of(const PartitionInfo& p, const PeriodScale& s);
// The upper bound is at or before the retention cutoff (never for an open upper bound).
bool beyond_retention(const PartitionInfo& p, const PeriodScale& s);

// Every non-default partition of the given registered time and integer sets with its period and
// retention state. holding_rows: the partitions whose catalog estimate says they hold rows (or do
// not know), for integer sets. Never waits: a parent locked by another session, gone, or whose
// configuration cannot be read has no rows, nor have bucket sets.
struct PeriodRow {
    Oid parent = InvalidOid, partition = InvalidOid;
    Period period = Period::current;
    bool beyond_retention = false;
};
std::vector<PeriodRow> partition_periods(const std::vector<Oid>& parents, const std::unordered_set<Oid>& holding_rows);

}  // namespace pg

}  // namespace pmx
