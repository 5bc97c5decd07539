// Maintenance engine (see maintenance.hpp): one subtransaction per set; the work itself is
// SetMaintainer (maintainer.cpp, maintenance_default.cpp).
#include "engine/maintenance.hpp"

#include "pg/citus.hpp"
#include "engine/maintainer.hpp"
#include "pg/locks.hpp"
#include "pg/settings.hpp"
#include "pg/spi.hpp"
#include "pg/srf.hpp"

extern "C" {
#include "portability/instr_time.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/snapmgr.h"
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

void mark_outcome(ActionRow& row, const std::optional<StepError>& err, core::Action done) {
    if (!err) {
        row.action = done;
        return;
    }
    row.success = false;
    row.sqlstate = err->sqlstate;
    row.action = err->sqlstate == "55P03" ? core::Action::skipped : core::Action::failed;
    row.message = err->sqlstate + ": " + err->message + (err->detail.empty() ? "" : " (" + err->detail + ")");
    if (row.action == core::Action::skipped) row.message = "lock not available within lock_timeout, will retry: " + *row.message;
}

namespace {


double elapsed_ms(const instr_time& start) {
    instr_time now;
    INSTR_TIME_SET_CURRENT(now);
    INSTR_TIME_SUBTRACT(now, start);
    return INSTR_TIME_GET_MILLISEC(now);
}

// A snapshot taken now, active while the object lives: reads made after the set's lock see every
// transaction that committed while this one waited for it (in READ COMMITTED; a REPEATABLE READ
// transaction keeps its snapshot). Popped before the subtransaction ends, also on error (the
// destructor runs while the exception unwinds, before the rollback).
class FreshSnapshot {
public:
    explicit FreshSnapshot(bool catalog_too) {
        call([&] {
            if (catalog_too) AcceptInvalidationMessages();  // the catalog as of now, too
            PushActiveSnapshot(GetTransactionSnapshot());
        });
    }
    ~FreshSnapshot() {
        PG_TRY();
        {
            PopActiveSnapshot();
        }
        PG_CATCH();
        {
            FlushErrorState();
        }
        PG_END_TRY();
    }
    FreshSnapshot(const FreshSnapshot&) = delete;
    FreshSnapshot& operator=(const FreshSnapshot&) = delete;
};

}  // namespace

MaintenanceOutcome maintain_set(const SetConfig& cfg, const MaintenanceRequest& req, std::vector<ActionRow>& out) {
    MaintenanceOutcome outcome;
    size_t first = out.size();
    instr_time start;
    INSTR_TIME_SET_CURRENT(start);
    std::optional<StepError> err;
    try {
      err = in_subtransaction([&] {
        GucScope guc;
        const int64_t lock_ms = cfg.lock_timeout_ms.value_or(pmx::default_lock_timeout_ms);
        guc.set("lock_timeout", std::to_string(lock_ms));
        Oid parent = cfg.parent;
        citus_sequential_mode(guc, parent);  // Citus: one connection per node (citus.hpp)
        // Polled until the set's lock_timeout (locks.hpp): never queued, and bounded even where
        // PostgreSQL's own timeouts do not fire.
        bool waited = lock_advisory(kSetLockClass, static_cast<int32>(parent), lock_ms, "partition set " + cfg.parent_text);
        // Plan only from what is true once the set is ours: catalog and rows from a snapshot taken
        // now; after a wait, the configuration too (the other session may have changed it).
        FreshSnapshot snapshot(waited);
        std::optional<SetConfig> changed;
        if (waited) {
            changed = load_set(parent);
            if (!changed) return;  // unregistered while we waited: nothing to maintain
        }
        SetRuntime rt = open_set(waited ? *changed : cfg);
        SetMaintainer(rt, req, out, outcome).run();
      });
    } catch (const UserError& e) {
        // Our own checks (e.g. the parent was dropped): this set fails, the others go on.
        err = StepError{e.sqlstate(), e.what(), e.detail()};
    } catch (const PgError&) {
        throw;  // a query cancel, rethrown by in_subtransaction: ends the statement
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {
        // Arithmetic limits of this set's bounds and the like: this set fails, the others go on.
        err = StepError{"22023", e.what(), ""};
    }
    if (!err) return outcome;
    outcome = MaintenanceOutcome{};
    // The whole set was rolled back: earlier rows did not happen after all.
    for (size_t i = first; i < out.size(); ++i) {
        if (core::is_planned(out[i].action)) continue;
        out[i].action = core::Action::failed;
        out[i].success = false;
        out[i].sqlstate = err->sqlstate;  // the set's error undid this step too (issue 9, item 7)
        out[i].message = "rolled back: " + err->message;
    }
    ActionRow r;
    r.parent = cfg.parent_text;
    r.parent_oid = cfg.parent;
    r.operation = "maintenance";
    r.success = false;
    r.sqlstate = err->sqlstate;
    r.action = err->sqlstate == "55P03" ? core::Action::skipped : core::Action::failed;
    r.message = err->sqlstate + ": " + err->message + (err->detail.empty() ? "" : " (" + err->detail + ")");
    if (r.action == core::Action::skipped) r.message = "set is busy or locked, will retry: " + *r.message;
    r.duration_ms = elapsed_ms(start);
    out.push_back(r);
    return outcome;
}

void write_log(const std::vector<ActionRow>& rows, size_t from) {
    std::vector<std::optional<std::string>> op, parent, part, ok, state, msg, moved, ms, relid;
    for (size_t i = from; i < rows.size(); ++i) {
        const ActionRow& r = rows[i];
        if (core::is_planned(r.action)) continue;
        op.push_back(r.operation);
        parent.push_back(r.parent);
        part.push_back(r.partition.empty() ? std::nullopt : std::optional<std::string>(r.partition));
        ok.push_back(std::string(r.success ? "t" : "f"));
        state.push_back(r.sqlstate);
        msg.push_back(r.message.value_or(core::to_text(r.action)));
        moved.push_back(std::to_string(r.rows_moved));
        ms.push_back(std::to_string(r.duration_ms));
        relid.push_back(OidIsValid(r.parent_oid) ? std::optional<std::string>(std::to_string(r.parent_oid)) : std::nullopt);
    }
    if (op.empty()) return;
    AsUser ext(extension_owner());
    // One statement per set, however many actions it had.
    query_cached(
        "INSERT INTO partman_ext.maintenance_log (operation, parent_table, partition_name, success, sqlstate, "
        "message, rows_moved, duration_ms, parent_relid) SELECT * FROM unnest($1, $2, $3, $4::bool[], $5, $6, "
        "$7::bigint[], $8::float8[], $9::oid[]::pg_catalog.regclass[])",
        {text_array_param(op), text_array_param(parent), text_array_param(part), text_array_param(ok),
         text_array_param(state), text_array_param(msg), text_array_param(moved), text_array_param(ms),
         text_array_param(relid)});
}

std::vector<std::optional<std::string>> action_columns(const ActionRow& r) {
    auto num = [](const std::optional<int64_t>& v) {
        return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
    };
    return {OidIsValid(r.parent_oid) ? rel_value(r.parent_oid) : std::optional<std::string>(r.parent),
            r.partition.empty() ? std::nullopt : std::optional<std::string>(r.partition),
            r.lower,          r.upper,
            num(r.est_rows),  num(r.bytes),
            std::to_string(r.rows_moved), std::string(core::to_text(r.action)),
            r.message,        r.sqlstate};
}

}  // namespace pg

}  // namespace pmx
