// Job kinds that work set by set: maintenance (the lead's run_partition_maintenance), analyze
// (analyze_partitions), vacuum (top-level VACUUM per partition) and activity sampling. Each set
// (each partition for VACUUM) is one transaction run as the parent's owner; an error is recorded
// and the pass goes on with the next set.
#include "worker/jobs.hpp"

#include "core/jobtext.hpp"
#include "pg/settings.hpp"

extern "C" {
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "tcop/pquery.h"
#include "tcop/tcopprot.h"
#include "tcop/utility.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/portal.h"
#include "utils/snapmgr.h"
}

#include <exception>
#include <vector>

namespace pmx::worker {

void json_append(std::string& array, std::initializer_list<std::pair<const char*, std::string>> fields) {
    std::string obj = "{";
    for (const auto& [k, v] : fields) {
        if (obj.size() > 1) obj += ", ";
        obj += core::json_quote(k) + ": " + core::json_quote(v);
    }
    obj += "}";
    array.pop_back();  // ']'
    array += (array.size() > 1 ? ", " : "") + obj + "]";
}

std::string sqlstate_in(const std::string& message) { return core::find_sqlstate(message); }

void abort_transaction() {
    pg::call([] {
        HOLD_INTERRUPTS();
        AbortCurrentTransaction();
        RESUME_INTERRUPTS();
    });
}

std::optional<pg::StepError> in_transaction(const std::function<void()>& f) {
    MemoryContext ctx = CurrentMemoryContext;
    pg::call([] {
        SetCurrentStatementStartTimestamp();  // now() of this transaction; bgworkers must set it
        StartTransactionCommand();
        PushActiveSnapshot(GetTransactionSnapshot());
    });
    MemoryContextSwitchTo(ctx);
    try {
        {
            pg::Spi spi;
            f();
        }
        pg::call([] {
            if (ActiveSnapshotSet()) PopActiveSnapshot();
            CommitTransactionCommand();
        });
        MemoryContextSwitchTo(ctx);
        return std::nullopt;
    } catch (const pg::PgError& e) {
        MemoryContextSwitchTo(ctx);
        pg::StepError err{e.sqlstate(), e.what(), e.data() && e.data()->detail ? e.data()->detail : ""};
        abort_transaction();
        MemoryContextSwitchTo(ctx);
        return err;
    } catch (...) {
        MemoryContextSwitchTo(ctx);
        abort_transaction();
        MemoryContextSwitchTo(ctx);
        throw;
    }
}

std::optional<pg::StepError> run_top_level(const std::string& sql, Oid as_user, int64_t lock_timeout_ms) {
    MemoryContext ctx = CurrentMemoryContext;
    Oid saved_user;
    int saved_sec;
    GetUserIdAndSecContext(&saved_user, &saved_sec);
    std::string saved_lock_timeout = pg::call([] { return GetConfigOption("lock_timeout", false, false); });
    std::string timeout = std::to_string(lock_timeout_ms);
    const char* q = sql.c_str();
    const char* t = timeout.c_str();
    std::optional<pg::StepError> out;
    try {
        pg::call([&] {
            SetCurrentStatementStartTimestamp();
            StartTransactionCommand();
            MemoryContextSwitchTo(ctx);
            // Session level: VACUUM commits and starts transactions of its own.
            (void)set_config_option("lock_timeout", t, PGC_SUSET, PGC_S_SESSION, GUC_ACTION_SET, true, 0, false);
            SetUserIdAndSecContext(as_user, saved_sec | SECURITY_LOCAL_USERID_CHANGE);
            List* parsed = pg_parse_query(q);
            RawStmt* raw = linitial_node(RawStmt, parsed);
            CommandTag tag = CreateCommandTag(raw->stmt);
            List* queries = pg_analyze_and_rewrite_fixedparams(raw, q, nullptr, 0, nullptr);
            List* plans = pg_plan_queries(queries, q, CURSOR_OPT_PARALLEL_OK, nullptr);
            Portal portal = CreatePortal("", true, true);
            portal->visible = false;
            PortalDefineQuery(portal, nullptr, q, tag, plans, nullptr);
            PortalStart(portal, nullptr, 0, InvalidSnapshot);
            DestReceiver* dest = CreateDestReceiver(DestNone);
            QueryCompletion qc;
            InitializeQueryCompletion(&qc);
            (void)PortalRun(portal, FETCH_ALL, true /* isTopLevel */, true, dest, dest, &qc);
            PortalDrop(portal, false);
            SetUserIdAndSecContext(saved_user, saved_sec);
            CommitTransactionCommand();
        });
    } catch (const pg::PgError& e) {
        MemoryContextSwitchTo(ctx);
        out = pg::StepError{e.sqlstate(), e.what(), e.data() && e.data()->detail ? e.data()->detail : ""};
        SetUserIdAndSecContext(saved_user, saved_sec);
        abort_transaction();
    }
    MemoryContextSwitchTo(ctx);
    const char* s = saved_lock_timeout.c_str();
    pg::call([&] {
        (void)set_config_option("lock_timeout", s, PGC_SUSET, PGC_S_SESSION, GUC_ACTION_SET, true, 0, false);
    });
    return out;
}

namespace {

struct SetRow {
    Oid oid;
    Oid owner;
    std::string name;
    int64_t lock_timeout_ms;
};

// The sets a job covers: its one set, or every enabled registered set.
std::vector<SetRow> sets_of(const Job& job, std::optional<pg::StepError>& err) {
    std::vector<SetRow> sets;
    err = in_transaction([&] {
        pg::Rows r = pg::query(
            "SELECT c.parent_table::oid, cl.relowner, pg_catalog.format('%I.%I', n.nspname, cl.relname), "
            "       (extract(epoch FROM coalesce(c.lock_timeout, make_interval(secs => $2 / 1000.0))) * 1000)::bigint "
            "FROM partman_ext.part_config c JOIN pg_catalog.pg_class cl ON cl.oid = c.parent_table "
            "JOIN pg_catalog.pg_namespace n ON n.oid = cl.relnamespace "
            "WHERE c.enabled AND ($1 IS NULL OR c.parent_table = $1) ORDER BY 3",
            {job.parent ? pg::oid_param(job.parent) : pg::Param{OIDOID, std::nullopt},
             pg::int8_param(pmx::default_lock_timeout_ms)},
            true);
        for (size_t i = 0; i < r.size(); ++i)
            sets.push_back(SetRow{static_cast<Oid>(r.int8(i, 0)), static_cast<Oid>(r.int8(i, 1)), r.str(i, 2),
                                  r.int8(i, 3)});
    });
    return sets;
}

// Folds per-set outcomes into one run result: any failure makes the run 'failed' (first SQLSTATE),
// lock timeouts alone make it 'skipped' with 55P03 (retried with backoff).
class Tally {
public:
    explicit Tally(RunResult& r) : r_(r) {}
    void done(const std::string& set, const std::string& partition, const std::string& action) {
        ++r_.items;
        ++actions_;
        if (r_.details.size() < 60000) json_append(r_.details, {{"set", set}, {"partition", partition}, {"action", action}});
    }
    void problem(const std::string& set, const std::string& partition, const std::string& sqlstate,
                 const std::string& message) {
        bool lock = sqlstate == "55P03";
        (lock ? locked_ : failed_) += 1;
        if (lock ? lock_sql_.empty() : fail_sql_.empty()) {
            (lock ? lock_sql_ : fail_sql_) = sqlstate.empty() ? "XX000" : sqlstate;
            (lock ? lock_msg_ : fail_msg_) = set + (partition.empty() ? "" : " (" + partition + ")") + ": " + message;
        }
        if (r_.details.size() < 120000)
            json_append(r_.details, {{"set", set}, {"partition", partition}, {"action", lock ? "lock timeout" : "failed"},
                                     {"sqlstate", sqlstate}, {"message", message}});
    }
    void finish(size_t sets, const char* verb) {
        r_.message = std::to_string(sets) + (sets == 1 ? " set" : " sets") + ", " + std::to_string(actions_) + " " + verb;
        if (failed_) {
            r_.status = "failed";
            r_.sqlstate = fail_sql_;
            r_.message += "; " + std::to_string(failed_) + " failed, first: " + fail_msg_;
        } else if (locked_) {
            r_.status = "skipped";
            r_.sqlstate = lock_sql_;
        }
        if (locked_) r_.message += "; " + std::to_string(locked_) + " lock timeout(s), first: " + lock_msg_;
        r_.message = core::abbreviate(r_.message, 2000);
    }

private:
    RunResult& r_;
    int64_t actions_ = 0;
    int failed_ = 0, locked_ = 0;
    std::string fail_sql_, fail_msg_, lock_sql_, lock_msg_;
};

bool is_action_done(const std::string& a) {
    return a == "created" || a == "dropped" || a == "detached" || a == "archived" || a == "moved" || a == "analyzed";
}

// One call per set: `sql` takes the parent as $1 and returns (action, partition_name, message).
RunResult per_set(const Job& job, const char* sql, const char* verb) {
    RunResult res;
    std::optional<pg::StepError> err;
    std::vector<SetRow> sets = sets_of(job, err);
    if (err) {
        res.status = "failed";
        res.sqlstate = err->sqlstate;
        res.message = "could not read partman_ext.part_config: " + err->message;
        return res;
    }
    if (sets.empty()) {
        res.status = "skipped";
        res.message = job.parent ? job.parent_text + " is not an enabled registered partition set"
                                 : "no enabled partition set is registered";
        return res;
    }
    Tally tally(res);
    size_t n = 0;
    for (const SetRow& s : sets) {
        if (stop_requested()) break;
        ++n;
        report_activity("partman_ext: " + job.kind + " job " + std::to_string(job.id) + ": " + s.name);
        pg::Rows rows;
        auto e = in_transaction([&] {
            pg::AsUser as(s.owner);
            rows = pg::query(sql, {pg::oid_param(s.oid)});
        });
        if (e) {
            tally.problem(s.name, "", e->sqlstate, e->message);
            continue;
        }
        for (size_t i = 0; i < rows.size(); ++i) {
            std::string action = rows.str(i, 0), part = rows.str(i, 1), msg = rows.str(i, 2);
            if (is_action_done(action))
                tally.done(s.name, part, action);
            else if (action == "failed" || (action == "skipped" && sqlstate_in(msg) == "55P03"))
                tally.problem(s.name, part, sqlstate_in(msg), msg);
        }
    }
    tally.finish(n, verb);
    return res;
}

}  // namespace

RunResult run_maintenance(const Job& job) {
    return per_set(job,
                   "SELECT action, partition_name, message "
                   "FROM partman_ext.run_partition_maintenance($1::pg_catalog.regclass, false)",
                   "actions (created, dropped, detached, archived, moved)");
}

RunResult run_analyze(const Job& job) {
    return per_set(job,
                   "SELECT action, partition_name, message FROM partman_ext.analyze_partitions($1::pg_catalog.regclass)",
                   "partitions analyzed");
}

RunResult run_vacuum(const Job& job) {
    RunResult res;
    std::optional<pg::StepError> err;
    std::vector<SetRow> sets = sets_of(job, err);
    if (err || sets.empty()) {
        res.status = err ? "failed" : "skipped";
        res.sqlstate = err ? err->sqlstate : "";
        res.message = err ? err->message : job.parent_text + " is not an enabled registered partition set";
        return res;
    }
    Tally tally(res);
    std::string opts = job.vacuum_full && job.vacuum_analyze ? "(FULL, ANALYZE) "
                       : job.vacuum_full                     ? "(FULL) "
                       : job.vacuum_analyze                  ? "(ANALYZE) "
                                                             : "";
    for (const SetRow& s : sets) {
        if (stop_requested()) break;
        pg::Rows leaves;
        auto e = in_transaction([&] {
            pg::AsUser as(s.owner);
            leaves = pg::query(
                "SELECT pg_catalog.format('%I.%I', n.nspname, c.relname) "
                "FROM pg_catalog.pg_partition_tree($1) t JOIN pg_catalog.pg_class c ON c.oid = t.relid "
                "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                "WHERE t.isleaf AND c.relkind IN ('r', 'm') ORDER BY 1",
                {pg::oid_param(s.oid)}, true);
        });
        if (e) {
            tally.problem(s.name, "", e->sqlstate, e->message);
            continue;
        }
        for (size_t i = 0; i < leaves.size() && !stop_requested(); ++i) {
            std::string part = leaves.str(i, 0);
            report_activity("partman_ext: vacuum job " + std::to_string(job.id) + ": " + part);
            auto ve = run_top_level("VACUUM " + opts + part, s.owner, s.lock_timeout_ms);
            if (ve)
                tally.problem(s.name, part, ve->sqlstate, ve->message);
            else
                tally.done(s.name, part, job.vacuum_full ? "vacuumed (full)" : "vacuumed");
        }
    }
    tally.finish(sets.size(), "partitions vacuumed");
    return res;
}

RunResult run_sampling(const Job&) {
    RunResult res;
    auto e = in_transaction([&] {
        pg::GucScope guc;  // a locked partition must not hold up the scheduler
        guc.set("lock_timeout", std::to_string(pmx::default_lock_timeout_ms));
        // Its row says how many partitions it sampled (column "partitions").
        pg::Rows s = pg::query("SELECT pg_catalog.to_jsonb(s) ->> 'partitions' FROM partman_ext.sample_partition_activity() s");
        for (size_t i = 0; i < s.size(); ++i) res.items += s.int8(i, 0);
    });
    if (e) {
        res.status = "failed";
        res.sqlstate = e->sqlstate;
        res.message = e->message;
    } else {
        res.message = std::to_string(res.items) + " partitions sampled";
    }
    return res;
}

}  // namespace pmx::worker
