// partman_ext GUCs.
#include "pg/settings.hpp"

#include "pg/guard.hpp"

#include <climits>
#include <cstdlib>
#include <cstring>

extern "C" {
#include "access/xact.h"
#include "utils/datetime.h"
#include "utils/guc.h"
#include "utils/timestamp.h"
}

namespace pmx {

int default_lock_timeout_ms = 2000;
char* activity_retention = nullptr;
int max_gap_fill = 100;
char* worker_databases = nullptr;
char* worker_role = nullptr;
int worker_naptime_s = 10;
bool worker_enabled = true;
int worker_history_days = 30;
bool worker_paused = false;
char* mock_now_text = nullptr;

namespace {

bool mock_now_set = false;
TimestampTz mock_now_value = 0;

// Parses a timestamptz the way timestamptz_in does, without raising (a GUC check hook must not):
// finite instants only ('infinity' and '-infinity' are refused; 'now' pins the clock at the SET).
bool check_mock_now(char** newval, void** extra, GucSource) {
    if (!*newval || !**newval) return true;
    char workbuf[MAXDATELEN + MAXDATEFIELDS];
    char* field[MAXDATEFIELDS];
    int ftype[MAXDATEFIELDS];
    int nf = 0, dtype = 0, tz = 0;
    struct pg_tm tm;
    fsec_t fsec = 0;
    TimestampTz ts = 0;
    bool ok = strlen(*newval) < MAXDATELEN &&
              ParseDateTime(*newval, workbuf, sizeof workbuf, field, ftype, MAXDATEFIELDS, &nf) == 0 &&
              DecodeDateTime(field, ftype, nf, &dtype, &tm, &fsec, &tz) == 0 && dtype == DTK_DATE &&
              tm2timestamp(&tm, fsec, &tz, &ts) == 0 && IS_VALID_TIMESTAMP(ts);
    if (!ok) {
        GUC_check_errcode(ERRCODE_INVALID_DATETIME_FORMAT);
        GUC_check_errmsg("invalid value for partman_ext.mock_now: \"%s\"", *newval);
        GUC_check_errdetail("partman_ext.mock_now takes a finite timestamp with time zone, or '' for the real clock.");
        GUC_check_errhint("For example: SET partman_ext.mock_now = '2026-06-15 12:00:00+00';");
        return false;
    }
    // GUC extras are released with free() (PostgreSQL 15 has no exported guc_malloc).
    auto* value = static_cast<TimestampTz*>(malloc(sizeof(TimestampTz)));
    if (!value) return false;
    *value = ts;
    *extra = value;
    return true;
}

void assign_mock_now(const char* newval, void* extra) {
    mock_now_set = newval && *newval && extra;
    mock_now_value = mock_now_set ? *static_cast<TimestampTz*>(extra) : 0;
}

}  // namespace

int64_t clock_now() {
    return mock_now_set ? mock_now_value : GetCurrentTransactionStartTimestamp();
}

void define_settings() {
    DefineCustomIntVariable("partman_ext.lock_timeout",
                            "Default lock_timeout for partman_ext DDL on sets that name none.",
                            "Each DDL statement waits at most this long for its lock, then is skipped and retried later.",
                            &default_lock_timeout_ms, 2000, 1, INT_MAX, PGC_SUSET, GUC_UNIT_MS, nullptr, nullptr,
                            nullptr);
    DefineCustomIntVariable("partman_ext.max_gap_fill",
                            "Partitions one maintenance run of a set creates to fill the gap before the current interval.",
                            "The current interval and premake come first and are not counted; the rest of a gap is "
                            "left for later runs and reported. 0 turns gap fill off.",
                            &max_gap_fill, 100, 0, 1000000, PGC_SUSET, 0, nullptr, nullptr, nullptr);
    DefineCustomStringVariable("partman_ext.databases",
                               "Optional allow-list of databases the partman_ext scheduler may serve (comma-separated "
                               "names; empty: every database where the extension is installed).",
                               "Needs shared_preload_libraries = 'partman_ext'. A database where the extension is not "
                               "installed gets no scheduler; CREATE EXTENSION starts one within a naptime.",
                               &worker_databases, "", PGC_SIGHUP, GUC_LIST_INPUT, nullptr, nullptr, nullptr);
    DefineCustomBoolVariable("partman_ext.pause_scheduler",
                             "Keeps the partman_ext scheduler out of a database (set per database).",
                             "Only the database-level value counts: ALTER DATABASE name SET partman_ext.pause_scheduler "
                             "= on. The launcher then starts no scheduler there and stops a running one; the jobs "
                             "view says 'paused'. For test databases and maintenance windows.",
                             &worker_paused, false, PGC_SUSET, 0, nullptr, nullptr, nullptr);
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
    DefineCustomStringVariable("partman_ext.mock_now",
                               "For tests only: the instant partman_ext takes as \"now\" (empty: the real clock).",
                               "Premake, gap fill, retention cutoffs, partition status, health checks, alerts, "
                               "reports and the scheduler's due times read partman_ext.clock(), which returns this "
                               "value when set. Superuser only.",
                               &mock_now_text, "", PGC_SUSET, GUC_NOT_IN_SAMPLE, check_mock_now, assign_mock_now,
                               nullptr);
}

}  // namespace pmx
