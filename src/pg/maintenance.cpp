// Maintenance engine (see maintenance.hpp): plans with the pure core, executes with ddl.cpp.
#include "pg/maintenance.hpp"

#include "core/naming.hpp"
#include "core/planner.hpp"
#include "pg/citus.hpp"
#include "pg/ddl.hpp"
#include "pg/settings.hpp"
#include "pg/spi.hpp"

extern "C" {
#include "portability/instr_time.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
}

#include <algorithm>
#include <functional>

namespace pg {

void mark_outcome(ActionRow& row, const std::optional<StepError>& err, const std::string& done) {
    if (!err) {
        row.action = done;
        return;
    }
    row.success = false;
    row.sqlstate = err->sqlstate;
    row.action = err->sqlstate == "55P03" ? "skipped" : "failed";
    row.message = err->sqlstate + ": " + err->message + (err->detail.empty() ? "" : " (" + err->detail + ")");
    if (row.action == "skipped") row.message = "lock not available within lock_timeout, will retry: " + *row.message;
}

namespace {

constexpr int32 kAdvisoryClass = 0x706d7845;  // "pmxE": partman_ext's advisory-lock namespace

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
void run_step(ActionRow& row, const std::string& done, const std::function<void()>& f) {
    instr_time start;
    INSTR_TIME_SET_CURRENT(start);
    auto err = in_subtransaction(f);
    row.duration_ms = elapsed_ms(start);
    mark_outcome(row, err, done);
    if (!err) return;
    call([&] {
        ereport(LOG, (errmsg("partman_ext: %s of %s %s: %s", row.operation.c_str(), row.partition.c_str(),
                             row.action.c_str(), row.message->c_str())));
    });
}

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

class SetMaintainer {
public:
    SetMaintainer(const SetRuntime& rt, const MaintenanceRequest& req, std::vector<ActionRow>& out)
        : rt_(rt), req_(req), out_(out), ddl_(rt) {}

    void run() {
        plan();
        if (req_.empty_default) empty_default();
        if (req_.create)
            for (int64_t s : core::slots_to_create(in_)) create(s);
        if (req_.retire && in_.keep_from)
            retire_all(core::partitions_to_retire(in_));
        if (req_.ensure_default && rt_.cfg.default_partition && !rt_.parent.default_partition) create_default();
    }

private:
    void plan() {
        for (const PartitionInfo& p : rt_.parent.partitions) {
            SlotRange r = slots_of(rt_, p);
            in_.existing.push_back(core::Coverage{r.lo, r.hi, r.lo_open, r.hi_open});
        }
        if (rt_.cfg.strategy == "integer") {
            now_ = max_control_value(rt_).value_or(rt_.anchor);
        } else {
            now_ = rt_.map.now_units();
        }
        in_.current = core::slot_of(rt_.interval, rt_.anchor, now_);
        in_.premake = req_.premake.value_or(rt_.cfg.premake);
        std::optional<std::string> retention = req_.retention ? req_.retention : rt_.cfg.retention;
        if (retention) {
            int64_t cutoff = rt_.cfg.strategy == "integer"
                                 ? now_ - parse_positive_int(*retention, "retention")
                                 : rt_.map.minus_interval(now_, *retention);
            in_.keep_from = core::slot_of(rt_.interval, rt_.anchor, cutoff);
        }
    }

    // After a lock timeout the set's other DDL would wait for the same lock: skip it this time.
    void step(ActionRow& r, const std::string& done, const std::function<void()>& f) {
        if (lock_blocked_) {
            r.action = "skipped";
            r.success = false;
            r.sqlstate = "55P03";
            r.message = "not attempted: an earlier step of this set could not get its lock, will retry";
            return;
        }
        run_step(r, done, f);
        if (r.sqlstate && *r.sqlstate == "55P03") lock_blocked_ = true;
    }

    ActionRow row(const std::string& operation, const std::string& partition) {
        ActionRow r;
        r.parent = rt_.parent.qualified();
        r.partition = partition;
        r.operation = operation;
        return r;
    }

    void create(int64_t slot) {
        int64_t lo = core::slot_start(rt_.interval, rt_.anchor, slot);
        int64_t hi = core::slot_start(rt_.interval, rt_.anchor, slot + 1);
        std::string name = unique_partition_name(rt_, core::partition_suffix(rt_.interval, lo));
        ActionRow r = row("create_partition", qualified(rt_.parent.schema, name));
        if (!rt_.map.representable(lo) || !rt_.map.representable(hi)) {
            r.action = "skipped";
            r.success = false;
            r.message = "bounds outside the range of the key type " + std::string(key_type_name(rt_.map.type()));
            out_.push_back(r);
            return;
        }
        r.lower = rt_.map.to_display(lo);
        r.upper = rt_.map.to_display(hi);
        if (req_.dry_run) {
            r.rows_moved = rows_in_default(rt_, lo, hi);
            r.action = r.rows_moved ? "would create and move rows" : "would create";
            out_.push_back(r);
            return;
        }
        step(r, "created", [&] { r.rows_moved = create_range_partition(ddl_, name, lo, hi); });
        if (r.success && r.rows_moved) {
            r.action = "created and moved rows";
            r.message = std::to_string(r.rows_moved) + " rows moved from the default partition";
        }
        r.est_rows = r.rows_moved;
        out_.push_back(r);
    }

    ActionRow retire_row(const PartitionInfo& part) {
        ActionRow r = row(rt_.cfg.retention_mode + "_partition", qualified(part.schema(), part.name()));
        r.lower = part.lo_open ? std::string("MINVALUE") : rt_.map.to_display(part.lo);
        r.upper = rt_.map.to_display(part.hi);
        r.est_rows = known_rows(part.oid);
        r.bytes = estimated_bytes(part.oid);  // catalog estimate, like est_rows: no file access per partition
        return r;
    }

    void retire_all(const boost::container::vector<size_t>& which) {
        if (!req_.dry_run && rt_.cfg.retention_mode == "drop" && which.size() > 1 && !lock_blocked_ &&
            drop_together(which))
            return;
        for (size_t i : which) retire(rt_.parent.partitions[i]);
    }

    // One DROP TABLE for all of the set's expired partitions (one statement, one lock round).
    // False when it failed for another reason than a lock timeout: then each is dropped on its
    // own, so the rows say which one could not be dropped and why.
    bool drop_together(const boost::container::vector<size_t>& which) {
        std::vector<ActionRow> rows;
        std::vector<const PartitionInfo*> parts;
        for (size_t i : which) {
            parts.push_back(&rt_.parent.partitions[i]);
            rows.push_back(retire_row(*parts.back()));
        }
        ActionRow batch = row("drop_partition", "");
        step(batch, "dropped", [&] { drop_partitions(rt_, parts); });
        if (!batch.success && batch.sqlstate != std::optional<std::string>("55P03")) return false;
        for (ActionRow& r : rows) {
            r.action = batch.action;
            r.success = batch.success;
            r.sqlstate = batch.sqlstate;
            r.message = batch.message;
            r.duration_ms = batch.duration_ms / rows.size();
            out_.push_back(r);
        }
        return true;
    }

    void retire(const PartitionInfo& part) {
        const std::string& mode = rt_.cfg.retention_mode;
        ActionRow r = retire_row(part);
        const std::string done = mode == "drop" ? "dropped" : mode == "detach" ? "detached" : "archived";
        if (req_.dry_run) {
            r.action = "would " + mode;
            if (mode == "archive") r.message = "would detach and move to schema " + *rt_.cfg.archive_schema;
            out_.push_back(r);
            return;
        }
        step(r, done, [&] { retire_partition(rt_, part, mode); });
        if (r.success && mode == "archive") r.message = "moved to schema " + *rt_.cfg.archive_schema;
        out_.push_back(r);
    }

    void create_default() {
        std::string name = unique_partition_name(rt_, "_default");
        ActionRow r = row("create_default", qualified(rt_.parent.schema, name));
        r.lower = r.upper = std::nullopt;
        r.message = "default partition";
        if (req_.dry_run) {
            r.action = "would create";
            out_.push_back(r);
            return;
        }
        step(r, "created", [&] { create_default_partition(ddl_, name); });
        out_.push_back(r);
    }

    // Moves every row of the default partition into partitions of its own slot, creating them
    // as needed (on demand only: this may create partitions outside premake and retention).
    void empty_default() {
        if (!rt_.parent.default_partition) {
            ActionRow r = row("empty_default", "");
            r.action = "skipped";
            r.message = "the set has no default partition";
            r.success = true;
            out_.push_back(r);
            return;
        }
        const PartitionInfo& def = *rt_.parent.default_partition;
        const std::string def_name = qualified(def.schema(), def.name());
        const std::string col = ident(rt_.cfg.control);
        std::optional<int64_t> from;
        for (int guard = 0; guard < 100000; ++guard) {
            std::optional<int64_t> next = min_in_default(def_name, col, from);
            if (!next) break;
            int64_t slot = core::slot_of(rt_.interval, rt_.anchor, *next);
            create(slot);
            from = core::slot_start(rt_.interval, rt_.anchor, slot + 1);
        }
        AsUser owner(rt_.parent.owner);
        Rows nulls = query("SELECT count(*) FROM ONLY " + def_name + " WHERE " + col + " IS NULL", {}, true);
        if (nulls.int8(0, 0) > 0) {
            ActionRow r = row("empty_default", def_name);
            r.action = "skipped";
            r.est_rows = nulls.int8(0, 0);
            r.message = std::to_string(nulls.int8(0, 0)) +
                        " rows with a NULL control value stay in the default partition (no range partition accepts NULL)";
            out_.push_back(r);
        }
    }

    std::optional<int64_t> min_in_default(const std::string& def_name, const std::string& col,
                                          std::optional<int64_t> from) {
        AsUser owner(rt_.parent.owner);
        std::string sql = "SELECT min(" + col + ") FROM ONLY " + def_name + " WHERE " + col + " IS NOT NULL";
        if (from) sql += " AND " + col + " >= " + rt_.map.to_literal(*from);
        Rows r = query(sql, {}, true);
        if (!r.at(0, 0)) return std::nullopt;
        return rt_.map.units_from_text(*r.at(0, 0));
    }

    const SetRuntime& rt_;
    const MaintenanceRequest& req_;
    std::vector<ActionRow>& out_;
    SetDdlContext ddl_;
    core::PlanInput in_;
    int64_t now_ = 0;
    bool lock_blocked_ = false;
};

}  // namespace

void maintain_set(const SetConfig& cfg, const MaintenanceRequest& req, std::vector<ActionRow>& out) {
    size_t first = out.size();
    instr_time start;
    INSTR_TIME_SET_CURRENT(start);
    std::optional<StepError> err;
    try {
      err = in_subtransaction([&] {
        GucScope guc;
        guc.set("lock_timeout", std::to_string(cfg.lock_timeout_ms.value_or(pmx::default_lock_timeout_ms)));
        Oid parent = cfg.parent;
        citus_sequential_mode(guc, parent);  // Citus: one connection per node (citus.hpp)
        call([&] {
            DirectFunctionCall2(pg_advisory_xact_lock_int4, Int32GetDatum(kAdvisoryClass),
                                Int32GetDatum(static_cast<int32>(parent)));
        });
        SetRuntime rt = open_set(cfg);
        SetMaintainer(rt, req, out).run();
      });
    } catch (const UserError& e) {
        // Our own checks (e.g. the parent was dropped): this set fails, the others go on.
        err = StepError{unpack_sql_state(e.sqlerrcode()), e.what(), e.detail()};
    } catch (const PgError&) {
        throw;  // a query cancel, rethrown by in_subtransaction: ends the statement
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {
        // Arithmetic limits of this set's bounds and the like: this set fails, the others go on.
        err = StepError{"22023", e.what(), ""};
    }
    if (!err) return;
    // The whole set was rolled back: earlier rows did not happen after all.
    for (size_t i = first; i < out.size(); ++i) {
        if (out[i].action.rfind("would", 0) == 0) continue;
        out[i].action = "failed";
        out[i].success = false;
        out[i].message = "rolled back: " + err->message;
    }
    ActionRow r;
    r.parent = cfg.parent_text;
    r.operation = "maintenance";
    r.success = false;
    r.sqlstate = err->sqlstate;
    r.action = err->sqlstate == "55P03" ? "skipped" : "failed";
    r.message = err->sqlstate + ": " + err->message + (err->detail.empty() ? "" : " (" + err->detail + ")");
    if (r.action == "skipped") r.message = "set is busy or locked, will retry: " + *r.message;
    r.duration_ms = elapsed_ms(start);
    out.push_back(r);
}

void write_log(const std::vector<ActionRow>& rows, size_t from) {
    std::vector<std::optional<std::string>> op, parent, part, ok, state, msg, moved, ms;
    for (size_t i = from; i < rows.size(); ++i) {
        const ActionRow& r = rows[i];
        if (r.action.rfind("would", 0) == 0) continue;
        op.push_back(r.operation);
        parent.push_back(r.parent);
        part.push_back(r.partition.empty() ? std::nullopt : std::optional<std::string>(r.partition));
        ok.push_back(std::string(r.success ? "t" : "f"));
        state.push_back(r.sqlstate);
        msg.push_back(r.message.value_or(r.action));
        moved.push_back(std::to_string(r.rows_moved));
        ms.push_back(std::to_string(r.duration_ms));
    }
    if (op.empty()) return;
    AsUser ext(extension_owner());
    // One statement per set, however many actions it had.
    query_cached(
        "INSERT INTO partman_ext.maintenance_log (operation, parent_table, partition_name, success, sqlstate, "
        "message, rows_moved, duration_ms) SELECT * FROM unnest($1, $2, $3, $4::bool[], $5, $6, $7::bigint[], "
        "$8::float8[])",
        {text_array_param(op), text_array_param(parent), text_array_param(part), text_array_param(ok),
         text_array_param(state), text_array_param(msg), text_array_param(moved), text_array_param(ms)});
}

std::vector<std::optional<std::string>> action_columns(const ActionRow& r) {
    auto num = [](const std::optional<int64_t>& v) {
        return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
    };
    return {r.parent,         r.partition.empty() ? std::nullopt : std::optional<std::string>(r.partition),
            r.lower,          r.upper,
            num(r.est_rows),  num(r.bytes),
            std::to_string(r.rows_moved), r.action,
            r.message};
}

}  // namespace pg
