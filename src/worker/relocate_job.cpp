// The scheduler empties default partitions in batches (see relocate_job.hpp).
#include "worker/relocate_job.hpp"

#include "engine/convert.hpp"
#include "engine/movement.hpp"
#include "engine/relocate.hpp"
#include "worker/jobs.hpp"
#include "worker/runtime.hpp"

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace worker {

std::vector<RelocateReport> relocate_default_rows(Oid parent, Oid owner) {
    std::vector<RelocateReport> out;
    constexpr int kMaxSteps = 100000;  // a safety stop; each step makes progress
    for (int i = 0; i < kMaxSteps && !stop_requested(); ++i) {
        pg::RelocateStep step;
        bool registered = true;
        std::optional<pg::StepError> e = in_transaction([&] {
            pg::AsUser as(owner);
            std::optional<pg::SetConfig> cfg = pg::load_set(parent);
            registered = cfg && cfg->enabled && cfg->strategy != core::Strategy::bucket;
            if (!registered) return;
            step = pg::relocate_step(*cfg, 0, false);
            if (step.done && step.row.action == core::RelocateAction::kept && step.row.rows > 0)
                pg::log_movement("relocate_default", cfg->parent_text, "", true, std::nullopt, step.row.message, 0, 0);
        });
        if (!registered) break;
        if (e) {
            RelocateReport r;
            r.action = e->sqlstate == "55P03" ? core::RelocateAction::lock_timeout : core::RelocateAction::failed;
            r.sqlstate = e->sqlstate;
            r.message = e->message;
            r.problem = true;
            out.push_back(r);
            break;  // the next run tries again from where the last committed batch ended
        }
        const pg::RelocateRow& row = step.row;
        if (row.action == core::RelocateAction::attached || row.action == core::RelocateAction::failed || (row.action == core::RelocateAction::kept && row.rows > 0)) {
            RelocateReport r;
            r.partition = row.partition;
            r.action = row.action == core::RelocateAction::attached ? core::RelocateAction::relocated : row.action;
            r.message = row.message;
            r.sqlstate = row.sqlstate.value_or("");
            r.rows = row.rows;
            r.problem = row.action == core::RelocateAction::failed;
            out.push_back(r);
        }
        if (step.done) break;
    }
    return out;
}

void run_conversions(RunResult& res) {
    std::vector<int64_t> ids;
    if (in_transaction([&] {
            for (const char* kind : {"partition_table", "undo_partition_table"})
                for (int64_t id : pg::movement_ids(std::string(kind))) ids.push_back(id);
        }))
        return;
    for (int64_t id : ids) {
        for (int i = 0; i < 1000000 && !stop_requested(); ++i) {
            pg::ConvertStep step;
            std::optional<pg::StepError> e = in_transaction([&] { step = pg::conversion_step(id, 0); });
            if (e) {
                bool lock = e->sqlstate == "55P03";
                json_append(res.details, {{"movement", std::to_string(id)}, {"action", lock ? "lock timeout" : "failed"},
                                          {"sqlstate", e->sqlstate}, {"message", e->message}});
                res.problems = true;
                res.message += std::string(res.message.empty() ? "" : "; ") + "movement " + std::to_string(id) + ": " +
                               (lock ? "will retry: " : "failed: ") + e->message;
                break;
            }
            if (step.done) {
                ++res.items;
                json_append(res.details, {{"movement", std::to_string(id)}, {"action", core::to_text(step.action)}, {"message", step.message}});
                res.message += std::string(res.message.empty() ? "" : "; ") + step.message;
                break;
            }
        }
    }
}

}  // namespace pmx::worker

}  // namespace pmx
