// The scheduler's share of emptying default partitions (issue 10 item 2): after a set's
// maintenance, the rows of its default partition that belong to ranges retention keeps (up to
// premake) move into partitions of their own, in batches, each batch a transaction of its own.
// Rows older than retention (or beyond premake, or that no partition can hold) stay and are
// reported, never dropped.
#pragma once

#include "core/kinds.hpp"
#include "pg/guard.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace worker {

struct RelocateReport {
    std::string partition, message, sqlstate;
    core::RelocateAction action = core::RelocateAction::relocated;  // relocated, kept, failed, lock_timeout
    int64_t rows = 0;
    bool problem = false;  // failed, or a lock stayed busy (retried on the next run)
};

// Runs relocation steps for one set as its owner until nothing is left, a lock stays busy, or
// the job must stop (max_runtime, SIGTERM). One report per range attached or failed, and one
// about rows that stay in the default partition.
std::vector<RelocateReport> relocate_default_rows(Oid parent, Oid owner);

struct RunResult;
// Carries conversions in progress (partition_table, undo_partition_table) forward, each step a
// transaction of its own as the conversion's owner, until each is done, meets a busy lock (tried
// again on the next run) or the job must stop. Adds what it did to the run's result.
void run_conversions(RunResult& res);

}  // namespace pmx::worker

}  // namespace pmx
