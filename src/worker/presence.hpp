// Whether a scheduler serves a database, and why not: the launcher decides with these rules, and
// CREATE EXTENSION, register_partition_set(), add_job() and the partman_ext.jobs view report them.
#pragma once

extern "C" {
#include "postgres.h"
}

#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace worker {

// What a backend can tell about its own database's scheduler.
struct Presence {
    enum Kind { Running, Starting, Paused, Absent } kind = Absent;
    std::string reason;  // Paused/Absent: why (one clause); Absent also has a hint
    std::string hint;
    std::string text() const;  // the partman_ext.jobs.scheduler_status value
};

// The current database's scheduler (call inside a transaction).
Presence presence();

// A WARNING with a HINT when no scheduler serves the current database (not when it runs, is
// starting, or was paused on purpose with partman_ext.pause_scheduler). `what` names the call,
// e.g. "register_partition_set()". One line to call from any SQL entry point.
void warn_if_no_scheduler(const char* what);

// Databases where partman_ext.pause_scheduler is on at the database level (ALTER DATABASE .. SET),
// read from the shared catalog pg_db_role_setting (works without a database connection).
std::vector<Oid> paused_databases();

// Whether partman_ext.databases lets the launcher serve `dbname` (an empty list allows every
// database); `valid` is false when the setting is not a list of names (then none is served).
bool allowed_by_list(const char* dbname, bool& valid);

}  // namespace pmx::worker

}  // namespace pmx
