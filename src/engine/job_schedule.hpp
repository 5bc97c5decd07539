// Job schedules in the PostgreSQL layer: a cron schedule (core/cron.hpp) or an interval, evaluated
// in the job's time zone with PostgreSQL's own time-zone code. Used by the scheduler to compute
// next_run, by add_job/alter_job to validate, and by partman_ext.job_next_run().
#pragma once

extern "C" {
#include "postgres.h"
#include "datatype/timestamp.h"
}

#include <optional>
#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace worker {

// A job's schedule as stored in partman_ext.job.
struct Schedule {
    std::optional<std::string> cron;      // column schedule: five-field cron text
    std::optional<std::string> interval;  // column schedule_interval (interval text); neither: run once
    std::string time_zone = "UTC";        // column time_zone
};

// The schedule a text stands for: five cron fields (or an @macro), else an interval such as
// '15 minutes'. Throws pg::UserError 22023 for text that is neither (validity of the cron fields
// is check_schedule's).
Schedule schedule_from_text(const std::string& text, const std::string& time_zone = "UTC");

// The longest schedule_interval, max_runtime and retry_backoff accepted.
constexpr const char* kLongestInterval = "100 years";

// Validates a schedule before it is stored (cron syntax, interval > 0 with no negative part and
// at most 100 years, a known time zone, a cron schedule that fires). Throws pg::UserError 22023
// with DETAIL and HINT.
void check_schedule(const Schedule& s);

// Validates an interval setting such as max_runtime or retry_backoff the same way.
void check_duration(const char* name, const std::string& interval_text);

// The first instant strictly after `after` at which the schedule fires. An interval schedule
// steps from its anchor (the job's next_run): anchor + k × interval, k >= 1 — or the anchor itself
// when it lies after `after` — so runs never drift with how long a run took. Month and day parts
// keep the wall-clock time in the job's time zone; hours and smaller are real time (as
// timestamptz + interval does with TimeZone set to the job's zone). nullopt: the job runs once.
// Throws pg::UserError 22008 when the result lies beyond the timestamp range.
std::optional<TimestampTz> next_fire(const Schedule& s, TimestampTz anchor, TimestampTz after);

// t + interval × factor in the time zone; nullopt when out of range (used for retry backoff).
std::optional<TimestampTz> add_interval(TimestampTz t, const std::string& interval_text, int64 factor,
                                        const std::string& time_zone);

// The next `count` firings of a schedule strictly after `after` (fewer when it ends).
std::vector<TimestampTz> next_runs(const Schedule& s, TimestampTz after, int count);

// A job's first regular run strictly after `after` (partman_ext.job_next_run): nullopt for a
// one-off job that has run. Throws 42704 when the job does not exist.
std::optional<TimestampTz> job_next_run(int64 job_id, TimestampTz after);

// Microseconds of an interval (months as 30 days, days as 24 hours), saturated to int64.
int64 interval_usecs(const std::string& interval_text);

}  // namespace pmx::worker

}  // namespace pmx
