// partman_ext GUCs (documented in docs/reference.md and docs/scheduler.md).
#pragma once

#include <cstdint>

namespace pmx {

// partman_ext.lock_timeout: default lock_timeout (ms) for sets that name none.
extern int default_lock_timeout_ms;
extern char* activity_retention;  // partman_ext.activity_retention: activity samples kept (interval text)
// partman_ext.max_gap_fill: partitions one maintenance run of a set creates to fill the gap before
// the current interval (the current interval and premake are not counted); 0 turns gap fill off.
extern int max_gap_fill;

// Scheduler settings (docs/scheduler.md), all reloadable with SIGHUP.
extern char* worker_databases;   // partman_ext.databases: allow-list of database names ("" = every database)
extern char* worker_role;        // partman_ext.role: role the schedulers connect as ("" = bootstrap superuser)
extern int worker_naptime_s;     // partman_ext.naptime: scheduler tick, seconds
extern bool worker_enabled;      // partman_ext.enabled: run schedulers at all
extern int worker_history_days;  // partman_ext.history_days: job-run history kept, days
extern bool worker_paused;       // partman_ext.pause_scheduler: read per database from pg_db_role_setting

// partman_ext.mock_now (superuser only, for tests): when set, the instant every notion of "now"
// in partman_ext reads instead of the transaction start time.
extern char* mock_now_text;

// The product's clock (microseconds since 2000-01-01 UTC, a TimestampTz): partman_ext.mock_now
// when set, else the start time of the current transaction (now()). Premake, gap fill, retention
// cutoffs, the past/current/future status, health checks, alerts, reports and the scheduler's due
// times all read it. Never raises.
int64_t clock_now();

// Defines every partman_ext.* setting; called once from _PG_init.
void define_settings();

}  // namespace pmx
