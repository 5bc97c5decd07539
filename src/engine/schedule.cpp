// Next regular maintenance run of a set (see schedule.hpp).
#include "engine/schedule.hpp"

#include "pg/catalog.hpp"
#include "pg/settings.hpp"
#include "pg/spi.hpp"
#include "engine/job_schedule.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "datatype/timestamp.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
}

namespace pmx {  // the project's one namespace (docs/architecture.md)


namespace pg {

namespace {
constexpr int64_t kFallbackUsec = USECS_PER_HOUR;  // no maintenance job: one hour from now
}  // namespace

RegularRun next_regular_maintenance(Oid parent) {
    const int64_t now = pmx::clock_now();
    Rows jobs = query_cached(
        "SELECT job_id, schedule, schedule_interval::text, time_zone, "
        "((extract(epoch FROM next_run) - 946684800) * 1000000)::bigint "
        "FROM partman_ext.job WHERE kind = 'maintenance' AND enabled AND next_run <> 'infinity' "
        "AND (schedule IS NOT NULL OR schedule_interval IS NOT NULL) "
        "AND (parent_table IS NULL OR parent_table::oid = $1) ORDER BY job_id",
        {oid_param(parent)}, false);  // not read-only: sees this transaction's own changes
    RegularRun best{now + kFallbackUsec, std::nullopt};
    for (size_t i = 0; i < jobs.size(); ++i) {
        pmx::worker::Schedule sched{jobs.at(i, 1), jobs.at(i, 2), jobs.str(i, 3)};
        std::optional<int64_t> at;
        // A schedule whose arithmetic leaves the timestamp range cannot say when it runs: left out.
        try {
            at = pmx::worker::next_fire(sched, jobs.int8(i, 4), now);
        } catch (const UserError&) {
            continue;
        }
        if (at && (!best.job_id || *at < best.at)) best = RegularRun{*at, jobs.int8(i, 0)};
    }
    return best;
}

std::string timestamptz_text(int64_t ts) { return datum_text(TimestampTzGetDatum(ts), TIMESTAMPTZOID); }

}  // namespace pg

}  // namespace pmx
