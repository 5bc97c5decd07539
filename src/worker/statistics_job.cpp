// Job kind "statistics": brings partman_ext.key_statistics up to date for every enabled bucket set
// (or the job's set). Each set is one transaction run as the parent's owner:
//   SELECT * FROM partman_ext.refresh_key_statistics(parent)
// which recounts only the partitions written to since their last count (docs/buckets.md). An error
// is recorded and the pass goes on with the next set. items_done = partitions recounted.
#include "worker/jobs.hpp"
#include "worker/runtime.hpp"

#include "core/jobtext.hpp"

extern "C" {
#include "catalog/pg_type.h"
}

#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace worker {

RunResult run_statistics(const Job& job) {
    RunResult res;
    struct Set {
        Oid oid;
        Oid owner;
        std::string name;
    };
    std::vector<Set> sets;
    auto err = in_transaction([&] {
        pg::Rows r = pg::query(
            "SELECT c.parent_table::oid, cl.relowner, pg_catalog.format('%I.%I', n.nspname, cl.relname) "
            "FROM partman_ext.part_config c JOIN pg_catalog.pg_class cl ON cl.oid = c.parent_table "
            "JOIN pg_catalog.pg_namespace n ON n.oid = cl.relnamespace "
            "WHERE c.enabled AND c.strategy = 'bucket' AND ($1 IS NULL OR c.parent_table = $1) ORDER BY 3",
            {job.parent ? pg::oid_param(job.parent) : pg::Param{OIDOID, std::nullopt}}, true);
        for (size_t i = 0; i < r.size(); ++i)
            sets.push_back(Set{static_cast<Oid>(r.int8(i, 0)), static_cast<Oid>(r.int8(i, 1)), r.str(i, 2)});
    });
    if (err) {
        res.status = core::RunStatus::failed;
        res.sqlstate = err->sqlstate;
        res.message = "could not read partman_ext.part_config: " + err->message;
        return res;
    }
    if (sets.empty()) {
        res.status = core::RunStatus::skipped;
        res.message = job.parent ? job.parent_text + " is not an enabled bucket set" : "no enabled bucket set is registered";
        return res;
    }
    int failed = 0, done = 0;
    int64_t keys = 0;
    std::string first_failure;
    for (const Set& s : sets) {
        if (stop_requested()) break;
        ++done;
        report_activity("partman_ext: statistics job " + std::to_string(job.id) + ": " + s.name);
        pg::Rows r;
        auto e = in_transaction([&] {
            pg::AsUser as(s.owner);
            r = pg::query("SELECT refreshed_partitions, keys FROM partman_ext.refresh_key_statistics($1::pg_catalog.regclass)",
                          {pg::oid_param(s.oid)});
        });
        if (e) {
            if (failed++ == 0) {
                res.sqlstate = e->sqlstate.empty() ? "XX000" : e->sqlstate;
                first_failure = s.name + ": " + e->message;
            }
            json_append(res.details, {{"set", s.name}, {"action", "failed"}, {"sqlstate", e->sqlstate}, {"message", e->message}});
            continue;
        }
        for (size_t i = 0; i < r.size(); ++i) {
            res.items += r.int8(i, 0);
            keys += r.int8(i, 1);
            json_append(res.details, {{"set", s.name}, {"action", "refreshed"}, {"partitions", r.str(i, 0)}, {"keys", r.str(i, 1)}});
        }
    }
    res.message = std::to_string(done) + (done == 1 ? " set, " : " sets, ") + std::to_string(res.items) +
                  " partitions recounted, " + std::to_string(keys) + " keys";
    if (failed) {
        res.status = core::RunStatus::failed;
        res.message += "; " + std::to_string(failed) + " failed, first: " + first_failure;
    }
    res.message = core::abbreviate(res.message, 2000);
    return res;
}

}  // namespace pmx::worker

}  // namespace pmx
