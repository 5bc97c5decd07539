// The closed vocabularies of partman_ext's configuration, job history and result rows, typed. Each
// enum has its text (as the tables store it, as result rows show it) in one place: to_text and parse_* here
// (pure C++, no PostgreSQL headers; tested in test/core/kinds_test.cpp).
#pragma once

#include <optional>
#include <string>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace core {

// part_config.strategy: RANGE on a time column, RANGE on an integer column, HASH/LIST buckets.
enum class Strategy { time, integer, bucket };
// part_config.retention_mode: what retention does with a partition it retires.
enum class RetentionMode { drop, detach, archive };
// job.kind.
enum class JobKind { maintenance, analyze, vacuum, statistics, health, sampling };
// job_run.status.
enum class RunStatus { running, succeeded, failed, cancelled, skipped };
// partition_action.action: what maintenance did to one partition (or, in a dry run, would do;
// 'retention pending': what retention will do once part_config.retention_not_before has passed).
enum class Action {
    created, created_and_moved_rows, dropped, detached, archived, granted, revoked,  // done
    would_create, would_create_and_move_rows, would_drop, would_detach, would_archive, would_grant,
    would_revoke, would_fail,                                                         // a dry run's plan
    retention_pending,  // planned, waiting for retention_not_before
    deferred,           // left for a later transaction or run (lock budget, max_gap_fill)
    skipped,            // not done: a lock timeout (55P03) or a reason of its own (message)
    failed              // not done: an error (sqlstate, message)
};

// A step of emptying the default partition in batches (RelocateRow: the rows of
// empty_default_partition_proc's steps and of a dry run's plan) and the scheduler's report of it.
enum class RelocateAction {
    started, moved, attached, kept, failed, nothing_to_do, in_progress, waiting,  // a step
    would_relocate, stays,                                                        // a dry run's plan
    relocated, lock_timeout                                                       // the scheduler's report
};
// ANALYZE of one partition (analyze_partitions): done, left after a lock timeout, or an error.
enum class AnalyzeAction { analyzed, skipped, failed };
// A line of a conversion (ConvertRow: partition_table / undo_partition_table and their dry runs)
// and what one transaction of it did (ConvertStep).
enum class ConvertAction {
    ok, blocked, note, paused, queued, resumed, created,                          // a check or a start
    would_copy, would_create, would_rename,                                       // a dry run's plan
    partitions, copied, verified, swapped, waiting, done, abandoned               // a step
};

const char* to_text(Strategy s);
const char* to_text(RetentionMode m);
const char* to_text(JobKind k);
const char* to_text(RunStatus s);
const char* to_text(Action a);  // "created", "created and moved rows", "would create", ...
const char* to_text(RelocateAction a);  // "nothing to do", "would relocate", "lock timeout", ...
const char* to_text(AnalyzeAction a);
const char* to_text(ConvertAction a);   // "would copy", "would create", "would rename", ...

// nullopt for a text that is not one of the enum's (exact, lower case, as stored).
std::optional<Strategy> parse_strategy(const std::string& text);
std::optional<RetentionMode> parse_retention_mode(const std::string& text);
std::optional<JobKind> parse_job_kind(const std::string& text);
std::optional<RunStatus> parse_run_status(const std::string& text);
std::optional<Action> parse_action(const std::string& text);
std::optional<RelocateAction> parse_relocate_action(const std::string& text);
std::optional<AnalyzeAction> parse_analyze_action(const std::string& text);
std::optional<ConvertAction> parse_convert_action(const std::string& text);

// The dry-run form of an action ("would ..."): created -> would_create, dropped -> would_drop,
// failed -> would_fail, ...; an action that is already a plan, deferred or skipped is returned as is.
Action planned(Action done);
// What retention did to a partition in this mode (dropped, detached, archived).
Action retired(RetentionMode m);
// A dry run's row: something that would be done (every would_* action).
bool is_would(Action a);
// A row that describes a plan rather than something done: is_would, or retention_pending.
// Such rows are not written to maintenance_log and not counted as work done.
bool is_planned(Action a);
// Creates a partition, done or planned (created, created and moved rows, would create ...).
bool creates(Action a);

// Job kinds that work set by set (a job of one set, or of every set) rather than on the database.
bool per_set(JobKind k);

}  // namespace core

}  // namespace pmx
