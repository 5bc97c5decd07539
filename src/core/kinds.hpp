// The closed vocabularies of partman_ext's configuration and job history, typed. Each enum has
// its text (as part_config, job and job_run store it) in one place: to_text and parse_* here
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

const char* to_text(Strategy s);
const char* to_text(RetentionMode m);
const char* to_text(JobKind k);
const char* to_text(RunStatus s);

// nullopt for a text that is not one of the enum's (exact, lower case, as stored).
std::optional<Strategy> parse_strategy(const std::string& text);
std::optional<RetentionMode> parse_retention_mode(const std::string& text);
std::optional<JobKind> parse_job_kind(const std::string& text);
std::optional<RunStatus> parse_run_status(const std::string& text);

// Job kinds that work set by set (a job of one set, or of every set) rather than on the database.
bool per_set(JobKind k);

}  // namespace core

}  // namespace pmx
