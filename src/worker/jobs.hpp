// What the scheduler runs: one job (a row of partman_ext.job) and its outcome, plus the
// transaction helpers every job kind is built from.
#pragma once

#include "core/kinds.hpp"
#include "pg/spi.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace worker {

struct Job {
    int64_t id = 0;
    core::JobKind kind = core::JobKind::maintenance;
    Oid parent = InvalidOid;      // InvalidOid: every registered set
    std::string parent_text;      // as regclass prints it, "" for all sets
    std::string max_runtime;      // interval text
    int attempt = 1;              // 1 + consecutive failures before this run
    bool vacuum_full = false;     // options->>'full'
    bool vacuum_analyze = false;  // options->>'analyze'
    // Why this run happens: "schedule" (its regular time came), "retry" (after a failed run) or
    // "requested" (run_job(), or a set registered or changed). Job kinds may act on it: a regular
    // run is the one announced by job_next_run().
    std::string reason = "schedule";
};

// One run's outcome, written to partman_ext.job_run.
struct RunResult {
    core::RunStatus status = core::RunStatus::succeeded;  // never running
    std::string sqlstate;              // "" = none
    std::string message;
    int64_t items = 0;                 // actions taken: partitions created/dropped/moved/analyzed/vacuumed, alerts sent, ...
    std::string details = "[]";        // JSON array of notable per-set/per-partition outcomes
    // Some set failed or could not get its lock although the run as a whole succeeded: the job is
    // retried with backoff (counted in consecutive_failures) like a failed run.
    bool problems = false;
};

// Runs f in a transaction of its own, with an SPI connection and an active snapshot, and commits.
// A PostgreSQL ERROR aborts the transaction and is returned; nothing else of the caller's state
// changes. Only for the scheduler process (never inside a transaction).
std::optional<pg::StepError> in_transaction(const std::function<void()>& f);
// Aborts the current transaction after an error caught outside in_transaction.
void abort_transaction();

// Runs one utility statement at top level through an unnamed portal (like a client's simple query),
// in its own transaction, as role `as_user` with lock_timeout set: VACUUM works there, unlike SPI.
std::optional<pg::StepError> run_top_level(const std::string& sql, Oid as_user, int64_t lock_timeout_ms);

// Job kinds.
RunResult run_maintenance(const Job& job);
RunResult run_analyze(const Job& job);
RunResult run_vacuum(const Job& job);
RunResult run_sampling(const Job& job);
RunResult run_health(const Job& job);  // alerts.cpp
RunResult run_statistics(const Job& job);  // statistics_job.cpp

// Appends {"key": value, ...} pairs as a JSON object to an array held in `array` ("[...]").
void json_append(std::string& array, std::initializer_list<std::pair<const char*, std::string>> fields);

}  // namespace pmx::worker

}  // namespace pmx
