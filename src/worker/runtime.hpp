// The scheduler process's run-time state that job kinds read: why the current job must stop
// (SIGTERM, or its max_runtime timer) and what pg_stat_activity shows. Set by scheduler.cpp (its
// signal handlers and timer), read by jobs.cpp and alerts.cpp, so that neither calls into the other.
#pragma once

extern "C" {
#include "postgres.h"
}

#include <csignal>
#include <string>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace worker {

// Set by the SIGTERM handler: the scheduler stops after the current statement.
extern volatile sig_atomic_t got_sigterm;
// Set by the max_runtime timer: the current job stops.
extern volatile sig_atomic_t runtime_exceeded;

// SIGTERM handler and max_runtime timer callback: interrupt the running statement.
void on_sigterm(SIGNAL_ARGS);
void on_runtime_exceeded();

// Why the current job must stop now (SIGTERM, or the max_runtime timer).
bool stop_requested();

// Shows what the scheduler is doing in pg_stat_activity.query ("" = idle).
void report_activity(const std::string& what);

}  // namespace pmx::worker

}  // namespace pmx
