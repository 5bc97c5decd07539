// Job kinds that work set by set: maintenance (the engine's maintain_set, in-process), analyze
// (the engine's analyze_partitions, in-process), vacuum (top-level VACUUM per partition) and activity sampling. Each set
// (each partition for VACUUM) is one transaction run as the parent's owner; an error is recorded
// with its SQLSTATE and the pass goes on with the next set. One bad set is that set's problem.
#include "worker/jobs.hpp"
#include "worker/runtime.hpp"

#include "core/jobtext.hpp"
#include "engine/analyze.hpp"
#include "engine/maintenance.hpp"
#include "pg/settings.hpp"
#include "worker/relocate_job.hpp"

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

#include <algorithm>
#include <exception>
#include <set>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace worker {

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
    // What failed, taken out of the catch blocks: aborting calls PostgreSQL.
    std::optional<pg::StepError> err;
    std::exception_ptr other;
    try {
        {
            pg::Spi spi;
            f();
        }
        pg::call([] {
            if (ActiveSnapshotSet()) PopActiveSnapshot();
            CommitTransactionCommand();
        });
    } catch (const pg::PgError& e) {
        err = pg::StepError{e.sqlstate(), e.what(), e.data() && e.data()->detail ? e.data()->detail : ""};
    } catch (...) {
        other = std::current_exception();
    }
    MemoryContextSwitchTo(ctx);
    if (!err && !other) return std::nullopt;
    abort_transaction();
    MemoryContextSwitchTo(ctx);
    if (other) std::rethrow_exception(other);
    return err;
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
        out = pg::StepError{e.sqlstate(), e.what(), e.data() && e.data()->detail ? e.data()->detail : ""};
    }
    MemoryContextSwitchTo(ctx);
    if (out) {
        SetUserIdAndSecContext(saved_user, saved_sec);
        abort_transaction();
        MemoryContextSwitchTo(ctx);
    }
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
    core::Strategy strategy;
};

// The sets a job covers: its one set, or every enabled registered set.
std::vector<SetRow> sets_of(const Job& job, std::optional<pg::StepError>& err) {
    std::vector<SetRow> sets;
    err = in_transaction([&] {
        pg::Rows r = pg::query(
            "SELECT c.parent_table::oid, cl.relowner, pg_catalog.format('%I.%I', n.nspname, cl.relname), "
            "       (extract(epoch FROM coalesce(c.lock_timeout, make_interval(secs => $2 / 1000.0))) * 1000)::bigint, "
            "       c.strategy "
            "FROM partman_ext.part_config c JOIN pg_catalog.pg_class cl ON cl.oid = c.parent_table "
            "JOIN pg_catalog.pg_namespace n ON n.oid = cl.relnamespace "
            "WHERE c.enabled AND ($1 IS NULL OR c.parent_table = $1) ORDER BY 3",
            {job.parent ? pg::oid_param(job.parent) : pg::Param{OIDOID, std::nullopt},
             pg::int8_param(pmx::default_lock_timeout_ms)},
            true);
        for (size_t i = 0; i < r.size(); ++i)
            sets.push_back(SetRow{static_cast<Oid>(r.int8(i, 0)), static_cast<Oid>(r.int8(i, 1)), r.str(i, 2),
                                  r.int8(i, 3), core::parse_strategy(r.str(i, 4)).value_or(core::Strategy::time)});
    });
    return sets;
}

// Whether a set is still registered (its parent not dropped), or a relation still exists: a
// table dropped while the scheduler works on it is not an error.
bool set_exists(Oid parent) {
    bool found = true;
    // Dropping the parent removes its part_config row (forget_dropped_sets).
    auto e = in_transaction([&] { found = pg::load_set(parent).has_value(); });
    return e || found;
}

bool relation_exists(const std::string& name) {
    if (name.empty()) return true;
    bool found = true;
    auto e = in_transaction([&] {
        found = pg::query("SELECT pg_catalog.to_regclass($1) IS NOT NULL", {pg::text_param(name)}, true).boolean(0, 0);
    });
    return e || found;
}

// Folds per-set outcomes into one run result. Every action taken is counted (items_done) and
// listed by kind. A job of one set fails with that set (first SQLSTATE), or is 'skipped' with
// 55P03 when it only met lock timeouts. A job of every set succeeds when it ran: a set that failed
// or met a lock timeout is that set's problem (listed in details with its SQLSTATE, alerted on the
// set by the health job), and the job is retried with backoff.
class Tally {
public:
    Tally(RunResult& r, const Job& job) : r_(r), one_set_(OidIsValid(job.parent)) {}

    void done(const SetRow& s, const std::string& partition, const std::string& action, int64_t rows_moved = 0) {
        ++r_.items;
        auto it = std::find_if(counts_.begin(), counts_.end(), [&](const auto& c) { return c.first == action; });
        if (it == counts_.end())
            counts_.emplace_back(action, 1);
        else
            ++it->second;
        moved_ += rows_moved;
        if (r_.details.size() < 60000)
            json_append(r_.details, {{"set", s.name}, {"set_oid", std::to_string(s.oid)}, {"partition", partition},
                                     {"action", action}, {"rows_moved", std::to_string(rows_moved)}});
    }
    void problem(const SetRow& s, const std::string& partition, const std::string& sqlstate,
                 const std::string& message) {
        bool lock = sqlstate == "55P03";
        (lock ? locked_ : failed_steps_) += 1;
        if (!lock) failed_sets_.insert(s.oid);
        std::string& first = lock ? lock_msg_ : fail_msg_;
        if (first.empty()) {
            if (!lock) fail_sql_ = sqlstate;
            bool coded = !sqlstate.empty() && message.rfind(sqlstate, 0) == 0;
            first = s.name + (partition.empty() ? "" : " (" + partition + ")") + ": " +
                    (coded || sqlstate.empty() ? "" : "[" + sqlstate + "] ") + message;
        }
        note(s, partition, lock ? "lock timeout" : "failed", message, sqlstate);
    }
    // A detail only: a step skipped for a reason of its own, a table dropped meanwhile.
    void note(const SetRow& s, const std::string& partition, const std::string& action, const std::string& message,
              const std::string& sqlstate = "") {
        if (r_.details.size() < 120000)
            json_append(r_.details, {{"set", s.name}, {"set_oid", std::to_string(s.oid)}, {"partition", partition},
                                     {"action", action}, {"sqlstate", sqlstate}, {"message", message}});
    }
    // The statement was cancelled (pg_cancel_backend): the run as a whole fails with 57014 and is
    // retried; no further set is started.
    void cancel(const std::string& message) {
        cancelled_ = true;
        cancel_msg_ = message;
    }
    bool cancelled() const { return cancelled_; }
    void finish(size_t sets) {
        std::string what;
        for (const auto& [action, n] : counts_)
            what += (what.empty() ? "" : ", ") + std::to_string(n) + " " + action;
        if (moved_) what += " (" + std::to_string(moved_) + " rows moved)";
        r_.message = std::to_string(sets) + (sets == 1 ? " set" : " sets") + ": " + (what.empty() ? "nothing to do" : what);
        if (failed_steps_) {
            r_.message += "; " + std::to_string(failed_sets_.size()) + (failed_sets_.size() == 1 ? " set" : " sets") +
                          " failed (" + std::to_string(failed_steps_) + " step(s)), first: " + fail_msg_;
            if (one_set_) {
                r_.status = core::RunStatus::failed;
                r_.sqlstate = fail_sql_;
            }
            r_.problems = true;
        }
        if (locked_) {
            r_.message += "; " + std::to_string(locked_) + " lock timeout(s), will retry, first: " + lock_msg_;
            if (one_set_ && !failed_steps_) {
                r_.status = core::RunStatus::skipped;
                r_.sqlstate = "55P03";
            }
            r_.problems = true;
        }
        if (cancelled_) {
            r_.status = core::RunStatus::failed;
            r_.sqlstate = "57014";
            r_.message = "cancelled (" + cancel_msg_ + "); done so far: " + r_.message;
        }
        r_.message = core::abbreviate(r_.message, 2000);
    }

private:
    RunResult& r_;
    bool one_set_;
    std::vector<std::pair<std::string, int64_t>> counts_;
    int64_t moved_ = 0;
    int failed_steps_ = 0, locked_ = 0;
    std::set<Oid> failed_sets_;
    std::string fail_sql_, fail_msg_, lock_msg_;
    bool cancelled_ = false;
    std::string cancel_msg_;
};

// The sets of a job, or the run result saying why there are none.
std::optional<std::vector<SetRow>> sets_or_result(const Job& job, RunResult& res) {
    std::optional<pg::StepError> err;
    std::vector<SetRow> sets = sets_of(job, err);
    if (err) {
        res.status = core::RunStatus::failed;
        res.sqlstate = err->sqlstate;
        res.message = "could not read partman_ext.part_config: " + err->message;
        return std::nullopt;
    }
    if (sets.empty()) {
        res.status = core::RunStatus::skipped;
        res.message = job.parent ? job.parent_text + " is not an enabled registered partition set"
                                 : "no enabled partition set is registered";
        return std::nullopt;
    }
    return sets;
}

// A set's transaction failed: its problem, unless the set is gone (its parent dropped meanwhile).
void set_failed(Tally& tally, const SetRow& s, const pg::StepError& e) {
    if (e.sqlstate == "57014")
        tally.cancel(e.message);
    else if (!set_exists(s.oid))
        tally.note(s, "", "dropped meanwhile", "the parent table was dropped while the job ran; nothing to do");
    else
        tally.problem(s, "", e.sqlstate, e.message);
}

// One set's maintenance, as the parent's owner: the engine in-process (premake, retention, default
// partition), its actions written to maintenance_log. Each call of the engine is a transaction of
// its own; when the transaction's lock budget stopped it (more_now), the set goes on in a new
// transaction, within the run's gap-fill allowance (partman_ext.max_gap_fill).
void maintain_one(const SetRow& s, Tally& tally) {
    std::vector<pg::ActionRow> rows;
    bool registered = true;
    std::optional<pg::StepError> e;
    int64_t allowance = pmx::max_gap_fill;
    constexpr int kMaxTransactions = 1000;  // a safety stop; each transaction makes progress
    for (int t = 0; t < kMaxTransactions && !stop_requested(); ++t) {
        size_t from = rows.size();
        pg::MaintenanceOutcome outcome;
        try {
            e = in_transaction([&] {
                pg::AsUser as(s.owner);
                std::optional<pg::SetConfig> cfg = pg::load_set(s.oid);
                registered = cfg && cfg->enabled;
                if (!registered) return;
                pg::MaintenanceRequest req;
                req.gap_fill_limit = std::max<int64_t>(allowance, 0);
                outcome = pg::maintain_set(*cfg, req, rows);
                pg::write_log(rows, from);
            });
        } catch (const pg::UserError& u) {
            e = pg::StepError{u.sqlstate(), u.what(), u.detail()};
        }
        if (e || !registered) break;
        allowance -= outcome.gap_created;
        bool progress = std::any_of(rows.begin() + from, rows.end(), [](const pg::ActionRow& r) {
            return r.success && r.action != core::Action::deferred && !core::is_planned(r.action);
        });
        if (!outcome.more_now || !progress) break;
        // Deferred rows of a transaction that was continued say nothing the next one does not.
        rows.erase(std::remove_if(rows.begin() + from, rows.end(),
                                  [](const pg::ActionRow& r) { return r.action == core::Action::deferred; }),
                   rows.end());
    }
    if (e) return set_failed(tally, s, *e);
    if (!registered) return tally.note(s, "", "dropped meanwhile", "unregistered or disabled while the job ran");
    // The set's parent dropped while the job worked on it (its steps failed meanwhile): no error.
    bool failed = std::any_of(rows.begin(), rows.end(), [](const pg::ActionRow& r) { return r.action == core::Action::failed; });
    if (failed && !set_exists(s.oid))
        return tally.note(s, "", "dropped meanwhile", "the parent table was dropped while the job ran; nothing to do");
    // Then the rows of the default partition whose ranges retention keeps, in batches
    // (relocate_job.hpp); rows it keeps there are reported, never dropped.
    for (const RelocateReport& r : relocate_default_rows(s.oid, s.owner)) {
        if (r.problem) tally.problem(s, r.partition, r.sqlstate, r.message);
        else if (r.action == core::RelocateAction::relocated) tally.done(s, r.partition, core::to_text(r.action), r.rows);
        else tally.note(s, r.partition, "kept in default", r.message);
    }
    for (const pg::ActionRow& r : rows) {
        if (core::is_planned(r.action) || r.action == core::Action::deferred) continue;
        const std::string action = core::to_text(r.action);
        std::string state = r.sqlstate.value_or(""), msg = r.message.value_or(action);
        bool retire = r.operation == "drop_partition" || r.operation == "detach_partition" ||
                      r.operation == "archive_partition";
        if (r.success && r.action != core::Action::skipped) {
            tally.done(s, r.partition, action, r.rows_moved);
        } else if (state == "55P03") {
            tally.problem(s, r.partition, state, msg);
        } else if (r.action == core::Action::failed) {
            // A partition that someone else dropped before retention reached it is not a failure.
            if (retire && !relation_exists(r.partition))
                tally.note(s, r.partition, "dropped meanwhile", msg, state);
            else
                tally.problem(s, r.partition, state, msg);
        } else if (!r.success) {
            tally.note(s, r.partition, action, msg, state);  // skipped for a reason of its own
        }
    }
}

// Runs `one` for each set of the job (each in transactions of its own) and folds the outcomes.
RunResult for_each_set(const Job& job, bool with_buckets, const std::function<void(const SetRow&, Tally&)>& one) {
    RunResult res;
    auto sets = sets_or_result(job, res);
    if (!sets) return res;
    Tally tally(res, job);
    size_t n = 0;
    for (const SetRow& s : *sets) {
        if (stop_requested() || tally.cancelled()) break;
        if (!with_buckets && s.strategy == core::Strategy::bucket) continue;
        ++n;
        report_activity(std::string("partman_ext: ") + core::to_text(job.kind) + " job " + std::to_string(job.id) + ": " + s.name);
        one(s, tally);
    }
    tally.finish(n);
    return res;
}

// One set's ANALYZE, as the parent's owner: the engine in-process (analyze.hpp), its typed rows
// folded into the tally (a lock timeout is a problem to retry, another skip a note).
void analyze_one(const SetRow& s, Tally& tally) {
    std::vector<pg::AnalyzeRow> rows;
    auto e = in_transaction([&] {
        pg::AsUser as(s.owner);
        rows = pg::analyze_partitions(s.oid);
    });
    if (e) return set_failed(tally, s, *e);
    for (const pg::AnalyzeRow& r : rows) {
        const std::string action = core::to_text(r.action);
        std::string state = r.sqlstate.value_or(""), msg = r.message.value_or(action);
        if (r.action == core::AnalyzeAction::failed || state == "55P03")
            tally.problem(s, r.partition, state, msg);
        else if (r.action == core::AnalyzeAction::skipped)
            tally.note(s, r.partition, action, msg, state);
        else
            tally.done(s, r.partition, action);
    }
}

}  // namespace

// Bucket sets have nothing to maintain (their buckets are created once).
RunResult run_maintenance(const Job& job) {
    RunResult res = for_each_set(job, false, maintain_one);
    // The job of every set also carries conversions forward (relocate_job.hpp).
    if (!OidIsValid(job.parent) && !stop_requested()) run_conversions(res);
    return res;
}

RunResult run_analyze(const Job& job) {
    return for_each_set(job, true, analyze_one);
}

RunResult run_vacuum(const Job& job) {
    std::string opts = job.vacuum_full && job.vacuum_analyze ? "(FULL, ANALYZE) "
                       : job.vacuum_full                     ? "(FULL) "
                       : job.vacuum_analyze                  ? "(ANALYZE) "
                                                             : "";
    return for_each_set(job, true, [&](const SetRow& s, Tally& tally) {
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
        if (e) return set_failed(tally, s, *e);
        for (size_t i = 0; i < leaves.size() && !stop_requested() && !tally.cancelled(); ++i) {
            std::string part = leaves.str(i, 0);
            report_activity("partman_ext: vacuum job " + std::to_string(job.id) + ": " + part);
            auto ve = run_top_level("VACUUM " + opts + part, s.owner, s.lock_timeout_ms);
            if (ve && ve->sqlstate == "57014")
                tally.cancel(ve->message);
            else if (ve && !relation_exists(part))
                tally.note(s, part, "dropped meanwhile", ve->message, ve->sqlstate);
            else if (ve)
                tally.problem(s, part, ve->sqlstate, ve->message);
            else
                tally.done(s, part, job.vacuum_full ? "vacuumed (full)" : "vacuumed");
        }
    });
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
        res.status = core::RunStatus::failed;
        res.sqlstate = e->sqlstate;
        res.message = e->message;
    } else {
        res.message = std::to_string(res.items) + " partitions sampled";
    }
    return res;
}

}  // namespace pmx::worker

}  // namespace pmx
