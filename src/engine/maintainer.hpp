// The work of maintain_set() on one set (internal to maintenance*.cpp): plan with the pure core,
// execute with ddl.cpp, report one row per action. Runs inside maintain_set's subtransaction,
// after the set's advisory lock and a fresh snapshot.
#pragma once

#include "core/planner.hpp"
#include "engine/ddl.hpp"
#include "engine/maintenance.hpp"

#include <functional>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

class SetMaintainer {
public:
    SetMaintainer(const SetRuntime& rt, const MaintenanceRequest& req, std::vector<ActionRow>& out,
                  MaintenanceOutcome& outcome);
    void run();

private:
    // Where a row goes in the output (rows are shown grouped, creations in bound order).
    enum Group { kDefaultRows = 0, kCreate = 1, kRetire = 2, kDefaultPartition = 3, kDeferred = 4 };
    enum class Made { Done, Failed, Deferred };

    void plan();
    void emit(ActionRow r, Group g, int64_t slot = 0);
    void order_rows();
    ActionRow row(const std::string& operation, const std::string& partition) const;
    void step(ActionRow& r, core::Action done, const std::function<void()>& f);

    // [lo, hi) of a slot in set units when both bounds exist in the key type.
    std::optional<std::pair<int64_t, int64_t>> slot_bounds(int64_t slot) const;
    std::string out_of_range_state() const;  // 22008 (time keys) or 22003 (integer keys)
    std::string display(int64_t units) const;

    // Creating partitions.
    int64_t create_slots(const core::SetList<int64_t>& slots, bool gap, int64_t& first_out);
    std::optional<StepError> free_name(const std::function<std::string()>& pick, std::string& name) const;
    Made create(int64_t slot, int64_t lo, int64_t hi);
    core::LockBudget& budget();
    void note_deferred(int64_t lo, int64_t hi);
    void report_beyond_range(int64_t count, int64_t first_slot, bool upward);
    void report_gap_left(const core::CreatePlan& cp);
    void report_deferred();
    void create_requested_range();  // create_partitions (req_.range)

    // Retention and the default partition.
    ActionRow retire_row(const PartitionInfo& part);
    void retire_all(const core::SetList<size_t>& which);
    bool drop_together(const core::SetList<size_t>& which);
    void retire(const PartitionInfo& part);
    bool retention_waits() const;
    void pending(const PartitionInfo& part);  // a 'retention pending' row
    void create_default();
    void reapply_privileges();

    // empty_default_partition (maintenance_default.cpp).
    void empty_default();
    std::optional<std::string> min_in_default(const std::string& def_name, const std::string& col,
                                              const std::optional<std::string>& after, bool strict);
    int64_t count_in_default(const std::string& def_name, const std::string& where);
    void skip_keys(int64_t rows, const std::string& lower,
                   const std::optional<std::string>& upper, const std::string& sqlstate, const std::string& why);

    const SetRuntime& rt_;
    const MaintenanceRequest& req_;
    std::vector<ActionRow>& out_;
    MaintenanceOutcome& outcome_;
    SetDdlContext ddl_;
    core::PlanInput in_;
    core::SetList<core::Coverage> covered_;  // in_.existing plus what this call created
    int64_t now_ = 0;
    bool lock_blocked_ = false;
    size_t first_row_;
    std::vector<std::tuple<int, int64_t, size_t>> keys_;  // (group, slot, sequence) of out_[first_row_ ..]
    std::optional<core::LockBudget> budget_;
    LockFigures lock_figures_;
    int64_t deferred_ = 0, deferred_lo_ = 0, deferred_hi_ = 0;  // partitions the lock budget left for later
    int64_t retire_deferred_ = 0;
    std::optional<std::string> default_left_from_;  // empty_default stopped by the lock budget here
};

}  // namespace pg

}  // namespace pmx
