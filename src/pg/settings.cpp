// partman_ext GUCs.
#include "pg/settings.hpp"

#include "pg/guard.hpp"

#include <climits>

extern "C" {
#include "utils/guc.h"
}

namespace pmx {

int default_lock_timeout_ms = 2000;
char* activity_retention = nullptr;
char* worker_databases = nullptr;
char* worker_role = nullptr;
int worker_naptime_s = 10;
bool worker_enabled = true;
int worker_history_days = 30;

void define_settings() {
    DefineCustomIntVariable("partman_ext.lock_timeout",
                            "Default lock_timeout for partman_ext DDL on sets that name none.",
                            "Each DDL statement waits at most this long for its lock, then is skipped and retried later.",
                            &default_lock_timeout_ms, 2000, 1, INT_MAX, PGC_SUSET, GUC_UNIT_MS, nullptr, nullptr,
                            nullptr);
    DefineCustomStringVariable("partman_ext.databases",
                               "Databases in which the partman_ext scheduler runs (comma-separated names).",
                               "Needs shared_preload_libraries = 'partman_ext'. A listed database that does not exist, "
                               "or where the extension is not installed, is watched but left alone.",
                               &worker_databases, "", PGC_SIGHUP, GUC_LIST_INPUT, nullptr, nullptr, nullptr);
    DefineCustomStringVariable("partman_ext.role",
                               "Role the partman_ext schedulers connect as (empty: the bootstrap superuser).",
                               "The role needs LOGIN. Each partition set's work is still done as the set's owner. "
                               "A change restarts the schedulers.",
                               &worker_role, "", PGC_SIGHUP, 0, nullptr, nullptr, nullptr);
    DefineCustomIntVariable("partman_ext.naptime", "Tick of the partman_ext scheduler.",
                            "How often each scheduler looks for due jobs (it also wakes when a job is added or run).",
                            &worker_naptime_s, 10, 1, 3600, PGC_SIGHUP, GUC_UNIT_S, nullptr, nullptr, nullptr);
    DefineCustomBoolVariable("partman_ext.enabled", "Run the partman_ext schedulers.",
                             "When off, the launcher stops every scheduler and starts none.", &worker_enabled, true,
                             PGC_SIGHUP, 0, nullptr, nullptr, nullptr);
    DefineCustomStringVariable("partman_ext.activity_retention",
                               "How long sample_partition_activity() keeps activity samples (an interval).",
                               "Samples are thinned to one per hour after 2 hours and deleted after this long; "
                               "empty means 8 days.",
                               &activity_retention, "8 days", PGC_SUSET, 0, nullptr, nullptr, nullptr);
    DefineCustomIntVariable("partman_ext.history_days", "Days of job-run history the scheduler keeps.",
                            "Older rows of partman_ext.job_runs, and alerts cleared longer ago, are deleted.",
                            &worker_history_days, 30, 1, 36500, PGC_SIGHUP, 0, nullptr, nullptr, nullptr);
}

}  // namespace pmx
