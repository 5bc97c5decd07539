// When destructive retention may first act on a set: the next regular run of its maintenance job.
#pragma once

#include "pg/guard.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

struct RegularRun {
    int64_t at = 0;                 // TimestampTz
    std::optional<int64_t> job_id;  // the job that runs then; nullopt: no job covers the set (fallback)
};

// The next regular run of the maintenance job that covers `parent` (its own job or the all-sets
// job; kind 'maintenance', enabled, with a schedule), strictly after partman_ext.clock(): the
// earliest over those jobs of the first time its schedule fires after now (cron in the job's time
// zone, or next_run + k x schedule_interval: partman_ext.job_next_run()). Registering or changing
// a set asks for a run of its jobs without moving their schedule, so that requested run is never
// the regular one. When no such job exists, one hour after now (the built-in job's interval):
// maintenance called by hand waits that long before it removes anything.
// This is the only place that decides when a set's retention may first act.
RegularRun next_regular_maintenance(Oid parent);

// A TimestampTz as timestamptz prints it in the session's TimeZone.
std::string timestamptz_text(int64_t ts);

}  // namespace pg

}  // namespace pmx
