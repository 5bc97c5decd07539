// One set's maintenance (see maintainer.hpp): premake first, then the default partition,
// retention and bounded gap fill, all within the transaction's lock budget.
#include "engine/maintainer.hpp"

#include "core/error.hpp"
#include "core/naming.hpp"
#include "engine/privileges.hpp"
#include "engine/relocate.hpp"
#include "engine/schedule.hpp"
#include "pg/settings.hpp"
#include "pg/spi.hpp"

extern "C" {
#include "portability/instr_time.h"
}

#include <algorithm>
#include <limits>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

namespace {

double elapsed_ms(const instr_time& start) {
    instr_time now;
    INSTR_TIME_SET_CURRENT(now);
    INSTR_TIME_SUBTRACT(now, start);
    return INSTR_TIME_GET_MILLISEC(now);
}

std::optional<int64_t> known_rows(Oid relid) {
    int64_t n = estimated_rows(relid);
    return n < 0 ? std::nullopt : std::optional<int64_t>(n);
}

// Runs one step in a subtransaction, filling the outcome of row.
void run_step(ActionRow& row, core::Action done, const std::function<void()>& f) {
    instr_time start;
    INSTR_TIME_SET_CURRENT(start);
    auto err = in_subtransaction(f);
    row.duration_ms = elapsed_ms(start);
    mark_outcome(row, err, done);
    if (!err) return;
    call([&] {
        ereport(LOG, (errmsg("partman_ext: %s of %s %s: %s", row.operation.c_str(), row.partition.c_str(),
                             core::to_text(row.action), row.message->c_str())));
    });
}

}  // namespace

// Largest value in the set's non-default partitions (integer sets: "now").
std::optional<int64_t> max_control_value(const SetRuntime& rt) {
    // Only bounded partitions count: a sentinel value (say INT64_MAX) in a FROM (x) TO (MAXVALUE)
    // partition, like one in the default partition, must not move "now".
    std::vector<const PartitionInfo*> parts;
    for (const PartitionInfo& p : rt.parent.partitions)
        if (!p.hi_open) parts.push_back(&p);
    std::sort(parts.begin(), parts.end(), [](const PartitionInfo* a, const PartitionInfo* b) { return a->hi > b->hi; });
    AsUser owner(rt.parent.owner);
    for (const PartitionInfo* p : parts) {
        if (has_no_blocks(p->oid)) continue;
        Rows r = query("SELECT max(" + ident(rt.cfg.control) + ")::bigint FROM ONLY " + qualified(p->schema(), p->name()), {},
                       true);
        if (r.at(0, 0)) return r.int8(0, 0);
    }
    return std::nullopt;
}

SetMaintainer::SetMaintainer(const SetRuntime& rt, const MaintenanceRequest& req, std::vector<ActionRow>& out,
                             MaintenanceOutcome& outcome)
    : rt_(rt), req_(req), out_(out), outcome_(outcome), ddl_(rt), first_row_(out.size()) {}

void SetMaintainer::run() {
    plan();
    // Decided before anything is created, so the indexes match rt_.parent.partitions.
    core::SetList<size_t> expired;
    if (req_.retire && in_.keep_from)
        for (size_t i : core::partitions_to_retire(in_))
            if (i < rt_.parent.partitions.size()) expired.push_back(i);  // not a range being relocated
    if (req_.empty_default) empty_default();
    if (req_.range) create_requested_range();
    core::CreatePlan cp;
    int64_t first_out = 0;
    if (req_.create) {
        cp = core::plan_creation(in_, std::max<int64_t>(req_.gap_fill_limit.value_or(pmx::max_gap_fill), 0));
        // The present comes first.
        if (int64_t out = create_slots(cp.present, false, first_out)) report_beyond_range(out, first_out, true);
    }
    if (req_.ensure_default && rt_.cfg.default_partition && !rt_.parent.default_partition) create_default();
    if (!expired.empty()) {
        if (retention_waits())
            for (size_t i : expired) pending(rt_.parent.partitions[i]);
        else
            retire_all(expired);
    }
    if (req_.reapply_privileges) reapply_privileges();
    if (req_.create) {
        // Gap fill, nearest to the present first; below a slot the key type cannot hold, none can be.
        if (int64_t out = create_slots(cp.gap, true, first_out))
            report_beyond_range(cp.gap_left > std::numeric_limits<int64_t>::max() - out
                                    ? std::numeric_limits<int64_t>::max() : out + cp.gap_left,
                                first_out, false);
        else
            report_gap_left(cp);
    }
    report_deferred();
    order_rows();
}

void SetMaintainer::plan() {
    now_ = rt_.cfg.strategy == core::Strategy::integer ? max_control_value(rt_).value_or(rt_.anchor) : rt_.map.now_units();
    in_ = plan_input(rt_, now_, req_.premake.value_or(rt_.cfg.premake),
                     req_.retention ? req_.retention : rt_.cfg.retention);
    add_relocating_ranges(rt_, in_);  // a range whose table is being filled in batches (engine/relocate.hpp)
    covered_ = in_.existing;
}

void SetMaintainer::emit(ActionRow r, Group g, int64_t slot) {
    keys_.emplace_back(int(g), g == kCreate ? slot : 0, keys_.size());
    out_.push_back(std::move(r));
}

// Rows in the order people read them: rows of the default partition as they were moved, created
// partitions by bound, retention, the default partition, then what was left for later.
void SetMaintainer::order_rows() {
    std::vector<size_t> idx(keys_.size());
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return keys_[a] < keys_[b]; });
    std::vector<ActionRow> sorted;
    sorted.reserve(idx.size());
    for (size_t i : idx) sorted.push_back(std::move(out_[first_row_ + i]));
    std::move(sorted.begin(), sorted.end(), out_.begin() + first_row_);
}

ActionRow SetMaintainer::row(const std::string& operation, const std::string& partition) const {
    ActionRow r;
    r.parent = rt_.parent.qualified();
    r.parent_oid = rt_.parent.oid;
    r.partition = partition;
    r.operation = operation;
    return r;
}

// After a lock timeout the set's other DDL would wait for the same lock: skip it this time.
void SetMaintainer::step(ActionRow& r, core::Action done, const std::function<void()>& f) {
    if (lock_blocked_) {
        r.action = core::Action::skipped;
        r.success = false;
        r.sqlstate = "55P03";
        r.message = "not attempted: an earlier step of this set could not get its lock, will retry";
        return;
    }
    run_step(r, done, f);
    if (r.sqlstate && *r.sqlstate == "55P03") lock_blocked_ = true;
}

std::optional<std::pair<int64_t, int64_t>> SetMaintainer::slot_bounds(int64_t slot) const {
    return pg::slot_bounds(rt_.interval, rt_.anchor, rt_.map, slot);
}

std::string SetMaintainer::out_of_range_state() const {
    return rt_.cfg.strategy == core::Strategy::integer ? "22003" : "22008";
}

std::string SetMaintainer::display(int64_t units) const { return rt_.map.to_display(units); }

// A free name for a new partition, or (every candidate taken by other tables) the error of this
// slot alone: the set's other work goes on.
std::optional<StepError> SetMaintainer::free_name(const std::function<std::string()>& pick, std::string& name) const {
    std::optional<UserError> taken;
    try {
        name = pick();
    } catch (const UserError& e) {
        taken = e;
    }
    if (!taken) return std::nullopt;
    return StepError{taken->sqlstate(), taken->what(), taken->detail()};
}

core::LockBudget& SetMaintainer::budget() {
    if (!budget_) {
        lock_figures_ = lock_figures(rt_.parent.oid);
        budget_.emplace(lock_figures_.limit, lock_figures_.held, lock_figures_.per_partition);
    }
    return *budget_;
}

void SetMaintainer::note_deferred(int64_t lo, int64_t hi) {
    if (deferred_ == 0 || lo < deferred_lo_) deferred_lo_ = lo;
    if (deferred_ == 0 || hi > deferred_hi_) deferred_hi_ = hi;
    ++deferred_;
    outcome_.more_now = true;
}

// Creates the slots in the order given. A slot whose bounds do not exist in the key type ends the
// list (every later slot lies further out): returns how many were left out that way (0: none),
// and the first of them in `first_out`.
int64_t SetMaintainer::create_slots(const core::SetList<int64_t>& slots, bool gap, int64_t& first_out) {
    for (size_t i = 0; i < slots.size(); ++i) {
        auto b = slot_bounds(slots[i]);
        if (!b) {
            first_out = slots[i];
            return int64_t(slots.size() - i);
        }
        Made m = create(slots[i], b->first, b->second);
        if (m == Made::Deferred) note_deferred(b->first, b->second);
        if (m == Made::Done && gap) ++outcome_.gap_created;
    }
    return 0;
}

SetMaintainer::Made SetMaintainer::create(int64_t slot, int64_t lo, int64_t hi) {
    if (!budget().take()) return Made::Deferred;
    std::string name;
    std::optional<StepError> name_err = free_name([&] { return range_partition_name(rt_, lo); }, name);
    ActionRow r = row("create_partition", name_err ? "" : qualified(rt_.parent.schema, name));
    r.lower = display(lo);
    r.upper = display(hi);
    if (name_err) {
        mark_outcome(r, name_err, core::Action::created);
        if (req_.dry_run) r.action = core::Action::would_fail;
        emit(r, kCreate, slot);
        return Made::Failed;
    }
    if (req_.dry_run) {
        r.rows_moved = rows_in_default(rt_, lo, hi);
        r.action = r.rows_moved ? core::Action::would_create_and_move_rows : core::Action::would_create;
        emit(r, kCreate, slot);
        covered_.push_back(core::Coverage{slot, slot + 1});
        return Made::Done;
    }
    step(r, core::Action::created, [&] { r.rows_moved = create_range_partition(ddl_, name, lo, hi); });
    if (r.success && r.rows_moved) {
        r.action = core::Action::created_and_moved_rows;
        r.message = std::to_string(r.rows_moved) + " rows moved from the default partition";
    }
    r.est_rows = r.rows_moved;
    bool ok = r.success;
    emit(r, kCreate, slot);
    if (!ok) return Made::Failed;
    covered_.push_back(core::Coverage{slot, slot + 1});
    return Made::Done;
}

// create_partitions: every slot overlapping [lo, hi) that no partition covers, in bound order.
void SetMaintainer::create_requested_range() {
    const int64_t first = core::slot_of(rt_.interval, rt_.anchor, req_.range->first);
    const int64_t last = core::slot_of(rt_.interval, rt_.anchor, req_.range->second - 1);
    core::SetList<int64_t> slots;
    for (int64_t k = first; k <= last; ++k)
        if (!core::is_covered(covered_, k)) slots.push_back(k);
    int64_t first_out = 0;
    if (int64_t out = create_slots(slots, false, first_out)) report_beyond_range(out, first_out, true);
}

// Slots whose bounds the key type cannot hold (outside kTimeBoundRange, beyond the integer type):
// one row for all of them, with the SQLSTATE of the overflow.
void SetMaintainer::report_beyond_range(int64_t count, int64_t first_slot, bool upward) {
    ActionRow r = row("create_partition", "");
    r.action = core::Action::skipped;
    r.success = false;
    r.sqlstate = out_of_range_state();
    // Where the first of them would start (upward) or end (downward), when that value exists at all.
    std::optional<std::string> edge;
    try {
        int64_t s = upward ? first_slot : first_slot + 1;
        edge = rt_.map.to_display(core::slot_start(rt_.interval, rt_.anchor, s));
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception&) {  // beyond 64-bit values or the calendar: no edge to show
    }
    (upward ? r.lower : r.upper) = edge;
    r.message = *r.sqlstate + ": " + std::to_string(count) + " partition(s) " +
                (edge ? (upward ? "from " + *edge + " on" : "before " + *edge) : std::string("further out")) +
                " would have bounds outside the range of the key type " + key_type_name(rt_.map.type()) +
                (rt_.cfg.strategy == core::Strategy::time ? std::string(" partman_ext creates partitions for (") + kTimeBoundRange + ")" : "") +
                "; not created";
    emit(r, kDeferred);
}

void SetMaintainer::report_gap_left(const core::CreatePlan& cp) {
    outcome_.gap_left = std::max<int64_t>(cp.gap_left, 0);
    if (cp.gap_left <= 0) return;
    ActionRow r = row("gap_fill", "");
    auto lo = slot_bounds(cp.gap_left_lo), hi = slot_bounds(cp.gap_left_hi);
    if (lo) r.lower = display(lo->first);
    if (hi) r.upper = display(hi->second);
    r.action = core::Action::deferred;
    int64_t per_run = std::max(pmx::max_gap_fill, 1);
    int64_t runs = cp.gap_left / per_run + (cp.gap_left % per_run ? 1 : 0);
    r.message = "gap fill: " + std::to_string(cp.gap_left) + " more partition(s) between " +
                r.lower.value_or("?") + " and " + r.upper.value_or("?") +
                " are left for later runs (partman_ext.max_gap_fill = " + std::to_string(pmx::max_gap_fill) +
                " per run" + (pmx::max_gap_fill > 0 ? ", about " + std::to_string(runs) + " more run(s))" : ": gap fill is off)");
    emit(r, kDeferred);
}

void SetMaintainer::report_deferred() {
    if (!budget_ || (deferred_ == 0 && retire_deferred_ == 0 && !default_left_from_)) return;
    const core::LockBudget& b = *budget_;
    const LockFigures& f = lock_figures_;
    std::string why = "this transaction's lock budget is used up (" + std::to_string(b.limit()) +
                      " locks: an eighth of the shared lock table, max_locks_per_transaction = " +
                      std::to_string(f.max_locks_per_xact) + " x " + std::to_string(f.lock_slots) + " slots; " +
                      std::to_string(b.held()) + " held before, about " + std::to_string(b.per_partition()) +
                      " per partition); a new transaction continues (run_partition_maintenance_proc at once, a "
                      "single call on its next run)";
    if (deferred_) {
        ActionRow r = row("create_partition", "");
        r.lower = display(deferred_lo_);
        r.upper = display(deferred_hi_);
        r.action = core::Action::deferred;
        r.message = std::to_string(deferred_) + " partition(s) not created yet: " + why;
        emit(r, kDeferred);
    }
    if (retire_deferred_) {
        ActionRow r = row(std::string(core::to_text(rt_.cfg.retention_mode)) + "_partition", "");
        r.action = core::Action::deferred;
        r.message = std::to_string(retire_deferred_) + " expired partition(s) not removed yet: " + why;
        emit(r, kDeferred);
    }
    if (default_left_from_) {
        ActionRow r = row("empty_default", "");
        r.lower = default_left_from_;
        r.action = core::Action::deferred;
        r.message = "rows from " + *default_left_from_ + " on stay in the default partition for now: " + why;
        emit(r, kDeferred);
    }
}

ActionRow SetMaintainer::retire_row(const PartitionInfo& part) {
    ActionRow r = row(std::string(core::to_text(rt_.cfg.retention_mode)) + "_partition", qualified(part.schema(), part.name()));
    r.lower = part.lo_open ? bound_text(part, false, rt_.parent.key_type_oid) : rt_.map.to_display(part.lo);
    r.upper = rt_.map.to_display(part.hi);
    r.est_rows = known_rows(part.oid);
    r.bytes = estimated_bytes(part.oid);  // catalog estimate, like est_rows: no file access per partition
    return r;
}

// The set's own retention waits until retention_not_before (the next regular maintenance run
// after it was set); a retention passed with the request (drop_old_partitions) does not.
bool SetMaintainer::retention_waits() const {
    return !req_.retention && rt_.cfg.retention_not_before && pmx::clock_now() < *rt_.cfg.retention_not_before;
}

void SetMaintainer::pending(const PartitionInfo& part) {
    ActionRow r = retire_row(part);
    r.operation = "retention_pending";
    r.action = core::Action::retention_pending;
    r.message = "retention (" + std::string(core::to_text(rt_.cfg.retention_mode)) + ") removes it at the first maintenance run from " +
                timestamptz_text(*rt_.cfg.retention_not_before) +
                " on; to cancel: update_partition_set(parent, retention => NULL)";
    emit(r, kRetire);
}

// Partitions missing a privilege the parent grants get it (revokes are never propagated here).
void SetMaintainer::reapply_privileges() {
    if (!parent_has_grants(rt_.parent.oid)) return;
    std::vector<PrivilegeChange> changes = privilege_changes(rt_.parent, false);
    for (size_t i = 0; i < changes.size();) {
        size_t j = i;
        while (j < changes.size() && changes[j].relid == changes[i].relid) ++j;
        if (changes[i].foreign_owner) {  // owned by another role: left alone (see reapply_privileges())
            i = j;
            continue;
        }
        std::vector<ActionRow> rows;
        for (size_t k = i; k < j; ++k) {
            ActionRow r = row("grant_privileges", changes[k].partition);
            r.message = changes[k].statement();
            rows.push_back(r);
        }
        if (req_.dry_run) {
            for (ActionRow& r : rows) r.action = core::Action::would_grant;
        } else {
            ActionRow step_row = row("grant_privileges", changes[i].partition);
            step(step_row, core::Action::granted, [&] { apply_privilege_changes(rt_.parent.owner, changes, i, j); });
            for (ActionRow& r : rows) {
                r.action = step_row.action;
                r.success = step_row.success;
                r.sqlstate = step_row.sqlstate;
                if (!step_row.success) r.message = *r.message + ": " + step_row.message.value_or("");
                r.duration_ms = step_row.duration_ms / rows.size();
            }
        }
        for (ActionRow& r : rows) emit(r, kDefaultPartition);
        i = j;
    }
}

// Oldest first, as many as the lock budget allows; the rest on the next transaction.
void SetMaintainer::retire_all(const core::SetList<size_t>& all) {
    core::SetList<size_t> which;
    for (size_t i : all) {
        if (!budget().take()) {
            retire_deferred_ = int64_t(all.size() - which.size());
            outcome_.more_now = true;
            break;
        }
        which.push_back(i);
    }
    if (!req_.dry_run && rt_.cfg.retention_mode == core::RetentionMode::drop && which.size() > 1 && !lock_blocked_ &&
        drop_together(which))
        return;
    for (size_t i : which) retire(rt_.parent.partitions[i]);
}

// One DROP TABLE for all of the set's expired partitions (one statement, one lock round).
// False when it failed for another reason than a lock timeout: then each is dropped on its
// own, so the rows say which one could not be dropped and why.
bool SetMaintainer::drop_together(const core::SetList<size_t>& which) {
    std::vector<ActionRow> rows;
    std::vector<const PartitionInfo*> parts;
    for (size_t i : which) {
        parts.push_back(&rt_.parent.partitions[i]);
        rows.push_back(retire_row(*parts.back()));
    }
    ActionRow batch = row("drop_partition", "");
    step(batch, core::Action::dropped, [&] { drop_partitions(rt_, parts); });
    if (!batch.success && batch.sqlstate != std::optional<std::string>("55P03")) return false;
    for (ActionRow& r : rows) {
        r.action = batch.action;
        r.success = batch.success;
        r.sqlstate = batch.sqlstate;
        r.message = batch.message;
        r.duration_ms = batch.duration_ms / rows.size();
        emit(r, kRetire);
    }
    return true;
}

void SetMaintainer::retire(const PartitionInfo& part) {
    const core::RetentionMode mode = rt_.cfg.retention_mode;
    ActionRow r = retire_row(part);
    const core::Action done = core::retired(mode);
    if (req_.dry_run) {
        r.action = core::planned(done);
        if (mode == core::RetentionMode::archive) r.message = "would detach and move to schema " + *rt_.cfg.archive_schema;
        emit(r, kRetire);
        return;
    }
    step(r, done, [&] { retire_partition(rt_, part, mode); });
    if (r.success && mode == core::RetentionMode::archive) r.message = "moved to schema " + *rt_.cfg.archive_schema;
    emit(r, kRetire);
}

void SetMaintainer::create_default() {
    std::string name;
    std::optional<StepError> name_err = free_name([&] { return unique_partition_name(rt_, "_default"); }, name);
    ActionRow r = row("create_default", name_err ? "" : qualified(rt_.parent.schema, name));
    r.message = "default partition";
    if (name_err) {
        mark_outcome(r, name_err, core::Action::created);
        if (req_.dry_run) r.action = core::Action::would_fail;
    } else if (req_.dry_run) {
        r.action = core::Action::would_create;
    } else {
        step(r, core::Action::created, [&] { create_default_partition(ddl_, name); });
    }
    emit(r, kDefaultPartition);
}

}  // namespace pg

}  // namespace pmx
