// When destructive retention may first act on a set: the next regular run of its maintenance job.
#pragma once

#include "pg/guard.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace pg {

struct RegularRun {
    int64_t at = 0;                 // TimestampTz
    std::optional<int64_t> job_id;  // the job that runs then; nullopt: no job covers the set (fallback)
};

// The next regular run of the maintenance job that covers `parent` (its own job or the all-sets
// job; kind 'maintenance', enabled, with a schedule), strictly after partman_ext.clock(): the
// earliest over those jobs of the first time on the job's schedule after now. Today a schedule is
// schedule_interval counted from next_run (next_run itself when it is still ahead).
// When no such job exists, one hour after now (the built-in job's interval): maintenance called
// by hand waits that long before it removes anything.
// Registering or changing a set makes its maintenance jobs due now (the part_config trigger sets
// next_run to now), so callers ask after their write; as_if_changed answers as if that had
// happened (for a dry run, which writes nothing).
// This is the only place that knows how to read a schedule for this purpose.
RegularRun next_regular_maintenance(Oid parent, bool as_if_changed = false);

// A TimestampTz as timestamptz prints it in the session's TimeZone.
std::string timestamptz_text(int64_t ts);

}  // namespace pg
