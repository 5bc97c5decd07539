// Emptying the default partition in batches (see relocate.hpp).
#include "engine/relocate.hpp"

#include "core/naming.hpp"
#include "engine/attach.hpp"
#include "engine/movement.hpp"
#include "engine/rowmove.hpp"
#include "pg/citus.hpp"
#include "engine/ddl.hpp"
#include "pg/locks.hpp"
#include "engine/maintenance.hpp"
#include "pg/settings.hpp"
#include "pg/spi.hpp"

extern "C" {
#include "catalog/namespace.h"
#include "portability/instr_time.h"
#include "utils/lsyscache.h"
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

namespace {

double elapsed_ms(const instr_time& start) {
    instr_time now;
    INSTR_TIME_SET_CURRENT(now);
    INSTR_TIME_SUBTRACT(now, start);
    return INSTR_TIME_GET_MILLISEC(now);
}

std::string default_name(const SetRuntime& rt) {
    const PartitionInfo& d = *rt.parent.default_partition;
    return qualified(d.schema(), d.name());
}

// Walks the keys of the default partition in ascending order, range by range (as
// empty_default_partition does): the first range a relocation handles, and (collect) every range
// with what happens to it.
class DefaultWalk {
public:
    DefaultWalk(const SetRuntime& rt, bool all_ranges) : rt_(rt), all_(all_ranges) {
        int64_t now = rt.cfg.strategy == core::Strategy::integer ? max_control_value(rt).value_or(rt.anchor) : rt.map.now_units();
        in_ = plan_input(rt, now, rt.cfg.premake, rt.cfg.retention);
    }

    // The first range to relocate: [lo, hi) in set units. collect: also fill rows() with every range.
    std::optional<std::pair<int64_t, int64_t>> run(bool collect) {
        const std::string def = default_name(rt_), col = ident(rt_.cfg.control);
        std::optional<std::pair<int64_t, int64_t>> first;
        std::optional<std::string> after;
        bool strict = false;
        AsUser owner(rt_.parent.owner);
        for (int guard = 0; guard < 100000; ++guard) {
            std::string sql = "SELECT min(" + col + ")::text FROM ONLY " + def + " WHERE " + col + " IS NOT NULL";
            if (after) sql += " AND " + col + (strict ? " > " : " >= ") + *after;
            std::optional<std::string> key = query(sql, {}, true).at(0, 0);
            if (!key) break;
            const std::string key_lit = literal(*key);
            std::optional<int64_t> units;
            std::optional<StepError> bad = in_subtransaction([&] { units = rt_.map.units_from_text(*key); });
            std::optional<std::pair<int64_t, int64_t>> b;
            int64_t slot = 0;
            if (units) {
                try {
                    slot = core::slot_of(rt_.interval, rt_.anchor, *units);
                    b = slot_bounds(rt_.interval, rt_.anchor, rt_.map, slot);
                } catch (const std::bad_alloc&) {
                    throw;
                } catch (const std::exception&) {  // beyond the calendar
                }
            }
            if (!b) {
                if (collect) stays(col + " = " + key_lit, *key, std::nullopt, "no partition can hold the value " + *key);
                after = key_lit;
                strict = true;
                continue;
            }
            const std::string hi_lit = rt_.map.to_literal(b->second);
            std::string why;
            if (core::is_covered(in_.existing, slot))
                why = "an existing partition already covers part of the interval";
            else if (!all_ && in_.keep_from && slot < *in_.keep_from)
                why = "older than retention (" + rt_.cfg.retention.value_or("") + "): kept, never dropped by maintenance";
            else if (!all_ && slot > in_.current + in_.premake) {
                // Beyond premake: so is every later key. One row for all of them.
                if (collect) stays(col + " >= " + key_lit, rt_.map.to_display(b->first), std::nullopt,
                                   "beyond premake (" + std::to_string(rt_.cfg.premake) + " intervals ahead)");
                break;
            }
            if (!why.empty()) {
                if (collect) stays(col + " >= " + key_lit + " AND " + col + " < " + hi_lit, rt_.map.to_display(b->first),
                                   rt_.map.to_display(b->second), why);
            } else {
                if (!first) first = *b;
                if (!collect) return first;
                RelocateRow r;
                r.action = core::RelocateAction::would_relocate;
                r.lower = rt_.map.to_display(b->first);
                r.upper = rt_.map.to_display(b->second);
                r.rows = count(range_condition(rt_, b->first, b->second));
                r.partition = qualified(rt_.parent.schema, range_partition_name(rt_, b->first));
                rows_.push_back(r);
            }
            after = hi_lit;
            strict = false;
        }
        if (collect) {
            int64_t nulls = count(col + " IS NULL");
            if (nulls) {
                RelocateRow r;
                r.action = core::RelocateAction::stays;
                r.rows = nulls;
                r.message = "NULL control value (no range partition accepts NULL)";
                rows_.push_back(r);
            }
        }
        return first;
    }

    const std::vector<RelocateRow>& rows() const { return rows_; }

private:
    int64_t count(const std::string& where) {
        return query("SELECT count(*) FROM ONLY " + default_name(rt_) + " WHERE " + where, {}, true).int8(0, 0);
    }
    void stays(const std::string& where, const std::optional<std::string>& lower, const std::optional<std::string>& upper,
               const std::string& why) {
        RelocateRow r;
        r.action = core::RelocateAction::stays;
        r.lower = lower;
        r.upper = upper;
        r.rows = count(where);
        r.message = why;
        if (r.rows) rows_.push_back(r);
    }

    const SetRuntime& rt_;
    bool all_;
    core::PlanInput in_;
    std::vector<RelocateRow> rows_;
};

std::string relation_name(Oid relid) {
    char* n = call([&] { return get_rel_name(relid); });
    return n ? std::string(n) : std::string();
}

// "N rows stay in the default partition: 12 older than retention, ..." (empty when none).
std::string left_summary(const std::vector<RelocateRow>& rows) {
    int64_t total = 0;
    std::string parts;
    for (const RelocateRow& r : rows) {
        if (r.action != core::RelocateAction::stays) continue;
        total += r.rows;
        parts += (parts.empty() ? "" : "; ") + std::to_string(r.rows) + " " +
                 (r.lower ? "from " + *r.lower + (r.upper ? " to " + *r.upper : std::string(" on")) + ": " : std::string()) +
                 r.message;
    }
    return total ? std::to_string(total) + " row(s) stay in the default partition (" + parts + ")" : "";
}

// The next batch of a range in progress, or its final step.
RelocateStep continue_range(const SetRuntime& rt, Movement m, int64_t batch_size) {
    RelocateStep out;
    out.movement = m.id;
    RelocateRow& r = out.row;
    r.lower = m.lower;
    r.upper = m.upper;
    const std::string name = relation_name(m.target);
    if (name.empty()) {
        delete_movement(m.id);
        r.action = core::RelocateAction::failed;
        r.sqlstate = "42P01";
        r.message = "the table being filled for [" + m.lower.value_or("") + ", " + m.upper.value_or("") +
                    ") was dropped (by someone else) with the " + std::to_string(m.rows_done) +
                    " rows moved into it; the range starts again from the default partition";
        log_movement("relocate_default", rt.parent.qualified(), "", false, r.sqlstate, r.message, 0, 0);
        return out;
    }
    const std::string target = qualified(rt.parent.schema, name);
    r.partition = target;
    AsUser owner(rt.parent.owner);
    const std::string columns = insertable_columns(rt.parent.oid);
    progress::Entry prog(rt.parent.oid, "relocate [" + m.lower.value_or("") + ", " + m.upper.value_or("") + ")", target,
                         m.rows_estimated, m.id);
    prog.set_done(m.rows_done);
    const PartitionInfo* def = rt.parent.default_partition ? &*rt.parent.default_partition : nullptr;
    if (def && m.phase == "copy" && m.next_block < relation_blocks(def->oid)) {
        lock_relations({{def->oid, RowExclusiveLock}, {m.target, RowExclusiveLock}}, rt.lock_timeout_ms);
        check_no_referencing_keys(def->oid, default_name(rt));
        int64_t step = blocks_per_batch(def->oid, batch_size);
        r.rows = move_batch(RowMove{def->oid, default_name(rt), target, columns, range_condition(rt, *m.lo, *m.hi)},
                            m.next_block, m.next_block + step);
        m.next_block += step;
        m.rows_done += r.rows;
        ++m.batches;
        save_movement(m);
        prog.set_done(m.rows_done);
        r.action = core::RelocateAction::moved;
        r.message = "batch " + std::to_string(m.batches) + ": " + std::to_string(r.rows) + " rows moved into " + target +
                    " (" + std::to_string(m.rows_done) + " of about " + std::to_string(std::max(m.rows_estimated, m.rows_done)) + ")";
        return out;
    }
    instr_time start;
    INSTR_TIME_SET_CURRENT(start);
    r.rows = attach_filled(rt, m.target, name, *m.lo, *m.hi, columns, batch_size, &prog);
    m.rows_done += r.rows;
    delete_movement(m.id);
    r.action = core::RelocateAction::attached;
    r.message = "attached " + target + " for [" + m.lower.value_or("") + ", " + m.upper.value_or("") + ") with " +
                std::to_string(m.rows_done) + " rows relocated from the default partition in " +
                std::to_string(m.batches + 1) + " transaction(s)";
    log_movement("relocate_default", rt.parent.qualified(), target, true, std::nullopt, r.message, m.rows_done,
                 elapsed_ms(start));
    return out;
}

// Creates the table for [lo, hi) and the movement row (no rows move in this step).
RelocateStep start_range(const SetRuntime& rt, int64_t lo, int64_t hi, int64_t batch_size) {
    RelocateStep out;
    RelocateRow& r = out.row;
    r.lower = rt.map.to_display(lo);
    r.upper = rt.map.to_display(hi);
    const std::string name = range_partition_name(rt, lo);
    const std::string target = qualified(rt.parent.schema, name);
    r.partition = target;
    SetDdlContext ctx(rt);
    prepare_ddl(ctx);
    if (OidIsValid(ctx.sub_template)) check_copyable(ctx.sub_template, rt.cfg.control);
    AsUser owner(rt.parent.owner);
    create_like_parent(ctx, name);
    add_bound_check(rt, target, name, lo, hi);
    Movement m;
    m.kind = "relocate";
    m.parent = rt.parent.oid;
    m.source = rt.parent.default_partition->oid;
    const char* n = name.c_str();
    const char* s = rt.parent.schema.c_str();
    m.target = call([&] { return get_relname_relid(n, get_namespace_oid(s, false)); });
    m.owner = rt.parent.owner;
    m.lo = lo;
    m.hi = hi;
    m.lower = r.lower;
    m.upper = r.upper;
    m.batch_size = batch_size;
    m.rows_estimated = query("SELECT count(*) FROM ONLY " + default_name(rt) + " WHERE " + range_condition(rt, lo, hi),
                             {}, true).int8(0, 0);
    out.movement = insert_movement(m);
    r.action = core::RelocateAction::started;
    r.rows = 0;
    r.message = "relocating about " + std::to_string(m.rows_estimated) + " rows of [" + *r.lower + ", " + *r.upper +
                ") from the default partition into " + target + " in batches of about " +
                std::to_string(batch_size) + " rows";
    return out;
}

}  // namespace

RelocateStep relocate_step(const SetConfig& cfg, int64_t batch_size, bool all_ranges) {
    if (batch_size <= 0) batch_size = default_batch_size;
    GucScope guc;
    const int64_t lock_ms = cfg.lock_timeout_ms.value_or(pmx::default_lock_timeout_ms);
    guc.set("lock_timeout", std::to_string(lock_ms));
    citus_sequential_mode(guc, cfg.parent);
    lock_advisory(kSetLockClass, static_cast<int32>(cfg.parent), lock_ms, "partition set " + cfg.parent_text);
    std::optional<SetConfig> now = load_set(cfg.parent);  // as it is once the set is ours
    RelocateStep out;
    if (!now) {
        out.done = true;
        out.row.action = core::RelocateAction::nothing_to_do;
        out.row.message = cfg.parent_text + " is no longer a registered partition set";
        return out;
    }
    SetRuntime rt = open_set(*now);
    if (std::optional<Movement> m = find_movement("relocate", rt.parent.oid)) return continue_range(rt, *m, batch_size);
    out.done = true;
    out.row.action = core::RelocateAction::nothing_to_do;
    if (!rt.parent.default_partition || has_no_blocks(rt.parent.default_partition->oid)) {
        out.row.message = rt.parent.default_partition ? "the default partition is empty" : "the set has no default partition";
        return out;
    }
    DefaultWalk walk(rt, all_ranges);
    std::optional<std::pair<int64_t, int64_t>> next = walk.run(false);
    if (!next) {
        DefaultWalk all(rt, all_ranges);
        all.run(true);
        out.row.message = left_summary(all.rows());
        if (out.row.message.empty()) out.row.message = "the default partition holds no more rows";
        out.row.action = core::RelocateAction::kept;
        for (const RelocateRow& r : all.rows()) out.row.rows += r.rows;
        return out;
    }
    if (is_citus_table(rt.parent.oid)) {
        // Citus: one range per transaction with CREATE TABLE .. PARTITION OF (ddl.cpp).
        SetDdlContext ctx(rt);
        const std::string name = range_partition_name(rt, next->first);
        out.done = false;
        out.row.action = core::RelocateAction::attached;
        out.row.partition = qualified(rt.parent.schema, name);
        out.row.lower = rt.map.to_display(next->first);
        out.row.upper = rt.map.to_display(next->second);
        out.row.rows = create_range_partition(ctx, name, next->first, next->second);
        out.row.message = std::to_string(out.row.rows) + " rows moved from the default partition into " + out.row.partition;
        return out;
    }
    out = start_range(rt, next->first, next->second, batch_size);
    return out;
}

void add_relocating_ranges(const SetRuntime& rt, core::PlanInput& in) {
    std::optional<Movement> m = find_movement("relocate", rt.parent.oid);
    if (!m || !m->lo || !m->hi) return;
    int64_t lo = core::slot_of(rt.interval, rt.anchor, *m->lo);
    int64_t hi = core::slot_of(rt.interval, rt.anchor, *m->hi);
    in.existing.push_back(core::Coverage{lo, hi > lo ? hi : lo + 1, false, false});
}

std::vector<RelocateRow> relocate_plan(const SetConfig& cfg, bool all_ranges) {
    SetRuntime rt = open_set(cfg);
    std::vector<RelocateRow> rows;
    if (std::optional<Movement> m = find_movement("relocate", rt.parent.oid)) {
        RelocateRow r;
        r.action = core::RelocateAction::in_progress;
        r.lower = m->lower;
        r.upper = m->upper;
        r.partition = relation_name(m->target);
        r.rows = m->rows_done;
        r.message = std::to_string(m->rows_done) + " rows moved so far; the next step continues it";
        rows.push_back(r);
    }
    if (!rt.parent.default_partition || has_no_blocks(rt.parent.default_partition->oid)) return rows;
    DefaultWalk walk(rt, all_ranges);
    walk.run(true);
    rows.insert(rows.end(), walk.rows().begin(), walk.rows().end());
    return rows;
}

}  // namespace pg

}  // namespace pmx
