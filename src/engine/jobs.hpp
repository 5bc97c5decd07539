// The job table (partman_ext.job) as SQL functions change it: add_job, alter_job, remove_job,
// run_job, vacuum_partitions. Who may manage a job, the checks of its settings, and the writes
// (as the extension owner). The scheduler that runs the jobs is src/worker.
#pragma once

#include "engine/job_schedule.hpp"
#include "pg/spi.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

// A job's settings as a call gives them: the text of each argument, nullopt for NULL
// (unchanged, or the column's default for a new job).
struct JobSettings {
    std::optional<std::string> schedule_interval, next_run, max_runtime, max_retries, retry_backoff, options,
        enabled, schedule, time_zone;
};

// add_job: checks everything, inserts the job (enabled by default) and returns its id.
int64_t add_job(const std::string& kind, Oid parent, const JobSettings& s);

// alter_job: NULL leaves a setting as it is; a new schedule or time zone recomputes next_run
// (unless next_run is given). Checks that the caller may alter the job.
void alter_job(int64_t id, const JobSettings& s);

// remove_job: deletes the job (its run history stays). Returns the row of partman_ext.jobs it had.
Rows remove_job(int64_t id);

// run_job: asks for an extra run now (the regular schedule stays). 55000 when the job is paused.
void request_run(int64_t id);

// vacuum_partitions: queues a one-off vacuum job of the set; returns its id.
int64_t queue_vacuum(Oid parent, bool full);

// The job's row of partman_ext.jobs (read after this transaction's own writes).
Rows job_view(int64_t id);

// Throws 42501 unless the caller may manage a job on parent (InvalidOid: a job over every set, a
// health or a sampling job, which need partman_ext_admin or superuser). `what` ends the message
// "permission denied to ...".
void check_job_access(Oid parent, const std::string& what);

}  // namespace pg

}  // namespace pmx
