// SQL-callable job functions: add_job, alter_job, pause_job/resume_job, remove_job, run_job,
// analyze_partitions, vacuum_partitions, and the scheduler wake-up used by the part_config trigger.
// SECURITY INVOKER: the caller must own the set's parent (or be a member of partman_ext_admin);
// jobs over all sets, health and sampling jobs need partman_ext_admin (or superuser). The job
// table is written as the extension owner.
#include "pg/catalog.hpp"
#include "pg/settings.hpp"
#include "pg/spi.hpp"
#include "pg/srf.hpp"
#include "worker/presence.hpp"
#include "worker/schedule.hpp"
#include "worker/shared.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

PG_FUNCTION_INFO_V1(partman_add_job);
PG_FUNCTION_INFO_V1(partman_alter_job);
PG_FUNCTION_INFO_V1(partman_remove_job);
PG_FUNCTION_INFO_V1(partman_run_job);
PG_FUNCTION_INFO_V1(partman_analyze_partitions);
PG_FUNCTION_INFO_V1(partman_vacuum_partitions);
PG_FUNCTION_INFO_V1(partman_wake_scheduler);
}

#include <vector>

namespace {

using pg::UserError;

const char* const kJobView = "SELECT * FROM partman_ext.jobs WHERE job_id = $1";

// Argument n as its type's text output (nullopt for NULL).
std::optional<std::string> arg_text(FunctionCallInfo fcinfo, int n) {
    if (PG_NARGS() <= n || PG_ARGISNULL(n)) return std::nullopt;
    Datum d = PG_GETARG_DATUM(n);
    char* s = pg::call([&] {
        Oid type = get_fn_expr_argtype(fcinfo->flinfo, n);
        Oid out;
        bool varlena;
        getTypeOutputInfo(type, &out, &varlena);
        return OidOutputFunctionCall(out, d);
    });
    return std::string(s);
}

// Copies query rows (text) into the function's materialized result (pg::SrfOut).
void return_rows(FunctionCallInfo fcinfo, const pg::Rows& rows) {
    pg::SrfOut out(fcinfo);
    for (const pg::TextRow& row : rows.rows) out.add(row);
}

// A timestamptz as text (the session's DateStyle), for SPI parameters.
std::string timestamp_text(TimestampTz t) {
    return pg::call([&] { return static_cast<const char*>(DatumGetCString(DirectFunctionCall1(timestamptz_out, TimestampTzGetDatum(t)))); });
}

bool is_admin() {
    return pg::call([] {
        Oid admin = get_role_oid("partman_ext_admin", true);
        return superuser() || (OidIsValid(admin) && has_privs_of_role(GetUserId(), admin));
    });
}

bool registered(Oid parent) {
    return pg::query("SELECT 1 FROM partman_ext.part_config WHERE parent_table = $1", {pg::oid_param(parent)}, true)
               .size() > 0;
}

// May the caller manage a job on this parent (InvalidOid: all sets / set-less kinds)?
void check_access(Oid parent, const std::string& what) {
    if (OidIsValid(parent) ? pg::owner_or_admin(parent) : is_admin()) return;
    throw UserError(ERRCODE_INSUFFICIENT_PRIVILEGE, "permission denied to " + what,
                    OidIsValid(parent) ? "Only the owner of the partition set's parent table may do this."
                                       : "Jobs that cover every partition set, health checks and sampling are cluster-level.",
                    "Ask a member of partman_ext_admin.");
}

void check_kind(const std::string& kind, Oid parent) {
    bool per_set = kind == "maintenance" || kind == "analyze" || kind == "vacuum" || kind == "statistics";
    if (!per_set && kind != "health" && kind != "sampling")
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "unknown job kind \"" + kind + "\"",
                        "Job kinds are maintenance, analyze, vacuum, statistics, health and sampling.");
    if (!per_set && OidIsValid(parent))
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "a " + kind + " job covers every partition set",
                        "It cannot be limited to one parent.", "Pass parent => NULL.");
    if (OidIsValid(parent) && !registered(parent))
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE,
                        "\"" + *pg::query("SELECT $1::regclass::text", {pg::oid_param(parent)}, true).at(0, 0) +
                            "\" is not a registered partition set",
                        "Jobs run on partition sets registered in partman_ext.part_config.",
                        "Register it with partman_ext.register_partition_set() first.");
}

// Checks the other settings (NULL = unchanged / default) before they reach the table: intervals
// positive, without negative parts and at most 100 years (longer ones overflow when repeated).
void check_settings(const std::optional<std::string>& runtime, const std::optional<std::string>& retries,
                    const std::optional<std::string>& backoff, const std::optional<std::string>& options) {
    if (runtime) pmx::worker::check_duration("max_runtime", *runtime);
    if (backoff) pmx::worker::check_duration("retry_backoff", *backoff);
    pg::Rows r = pg::query(
        "SELECT coalesce($1::int >= 0, true), "
        "       coalesce(jsonb_typeof($2::jsonb) = 'object' "
        "                AND coalesce(jsonb_typeof($2::jsonb -> 'full'), 'boolean') = 'boolean' "
        "                AND coalesce(jsonb_typeof($2::jsonb -> 'analyze'), 'boolean') = 'boolean', true)",
        {pg::Param{INT4OID, retries}, pg::Param{JSONBOID, options}}, true);
    const char* names[] = {"max_retries", "options"};
    const char* rules[] = {"must be zero or more",
                           "must be a JSON object whose \"full\" and \"analyze\" are true or false"};
    for (int c = 0; c < 2; ++c)
        if (!r.boolean(0, c))
            throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, std::string(names[c]) + " " + rules[c],
                            "Nothing was changed.");
}

// The schedule a call asks for: `schedule` (cron text, or an interval written as text) or
// `schedule_interval`; nullopt fields stay as they are. Throws 22023 for both at once.
struct ScheduleArgs {
    bool given = false;
    pmx::worker::Schedule s;
};
ScheduleArgs schedule_args(const std::optional<std::string>& schedule, const std::optional<std::string>& interval,
                           bool interval_is_default) {
    ScheduleArgs a;
    if (schedule) {
        if (interval && !interval_is_default)
            throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "give either schedule or schedule_interval, not both",
                            "schedule takes a cron schedule ('0 3 * * *') or an interval ('15 minutes').",
                            "Leave schedule_interval out when passing schedule.");
        a.given = true;
        a.s = pmx::worker::schedule_from_text(*schedule);
    } else if (interval && !interval_is_default) {
        a.given = true;
        a.s.interval = interval;
    }
    return a;
}

// The first run of a schedule that starts now: the cron's next time after now, or now.
std::string first_run(const pmx::worker::Schedule& s) {
    TimestampTz now = pmx::clock_now();
    std::optional<TimestampTz> t = s.cron ? pmx::worker::next_fire(s, DT_NOBEGIN, now) : std::optional<TimestampTz>(now);
    return timestamp_text(t.value_or(now));
}

struct JobRow {
    Oid parent;
    bool enabled;
};

JobRow read_job(int64_t id) {
    pg::Rows r = pg::query("SELECT coalesce(parent_table::oid, 0), enabled FROM partman_ext.job WHERE job_id = $1",
                           {pg::int8_param(id)}, true);
    if (r.size() == 0)
        throw UserError(ERRCODE_UNDEFINED_OBJECT, "job " + std::to_string(id) + " does not exist",
                        "", "See SELECT * FROM partman_ext.jobs.");
    return JobRow{static_cast<Oid>(r.int8(0, 0)), r.boolean(0, 1)};
}

int64_t required_id(FunctionCallInfo fcinfo) {
    if (PG_ARGISNULL(0)) throw UserError(ERRCODE_NULL_VALUE_NOT_ALLOWED, "job_id must not be NULL");
    return PG_GETARG_INT64(0);
}

std::string current_user_name() {
    return pg::call([] { return static_cast<const char*>(GetUserNameFromId(GetUserId(), false)); });
}

// The job a function is called on (argument 0), after checking the caller may `what` it.
struct Target {
    int64_t id;
    JobRow row;
};
Target target_job(FunctionCallInfo fcinfo, const std::string& what) {
    int64_t id = required_id(fcinfo);
    JobRow row = read_job(id);
    check_access(row.parent, what + " job " + std::to_string(id));
    return Target{id, row};
}

// Writes partman_ext.job as the extension owner (callers have been checked).
pg::Rows write_jobs(const std::string& sql, std::initializer_list<pg::Param> params) {
    pg::AsUser owner(pg::extension_owner());
    return pg::query(sql, params);
}

// Wakes the scheduler and returns the job's row (not read-only: the query must see our write).
void return_job(FunctionCallInfo fcinfo, int64_t id) {
    pmx::worker::wake_scheduler(MyDatabaseId);
    return_rows(fcinfo, pg::query(kJobView, {pg::int8_param(id)}, false));
}

}  // namespace

// add_job(kind, parent, schedule_interval, next_run, max_runtime, max_retries, retry_backoff,
//         options, enabled, schedule, time_zone)
extern "C" Datum partman_add_job(PG_FUNCTION_ARGS) {
    return pg::entry([&] {
        pg::Spi spi;
        auto kind = arg_text(fcinfo, 0);
        if (!kind) throw UserError(ERRCODE_NULL_VALUE_NOT_ALLOWED, "kind must not be NULL",
                                   "", "Job kinds are maintenance, analyze, vacuum, statistics, health and sampling.");
        Oid parent = PG_ARGISNULL(1) ? InvalidOid : PG_GETARG_OID(1);
        check_kind(*kind, parent);
        check_access(parent, "add this job");
        auto interval = arg_text(fcinfo, 2), next = arg_text(fcinfo, 3), runtime = arg_text(fcinfo, 4),
             retries = arg_text(fcinfo, 5), backoff = arg_text(fcinfo, 6), options = arg_text(fcinfo, 7),
             enabled = arg_text(fcinfo, 8), schedule = arg_text(fcinfo, 9), tz = arg_text(fcinfo, 10);
        // schedule_interval's default ('1 hour') gives way to a schedule.
        bool default_interval = interval && schedule &&
                                pg::query("SELECT $1::interval = interval '1 hour'", {pg::Param{INTERVALOID, interval}}, true)
                                    .boolean(0, 0);
        ScheduleArgs sa = schedule_args(schedule, interval, default_interval);
        if (!sa.given) sa.s.interval = interval;  // NULL: run once
        if (tz) sa.s.time_zone = *tz;
        pmx::worker::check_schedule(sa.s);
        check_settings(runtime, retries, backoff, options);
        if (!next) next = first_run(sa.s);
        std::string me = current_user_name();
        pg::Rows ins = write_jobs(
                "INSERT INTO partman_ext.job (kind, parent_table, schedule_interval, schedule, time_zone, next_run, "
                "  max_runtime, max_retries, retry_backoff, options, enabled, created_by) "
                "VALUES ($1, nullif($2, 0)::regclass, $3, $4, $5, $6, coalesce($7, interval '1 hour'), "
                "  coalesce($8, 3), coalesce($9, interval '1 minute'), coalesce($10, '{}'::jsonb), coalesce($11, true), $12) "
                "RETURNING job_id",
                {pg::text_param(kind), pg::oid_param(parent), pg::Param{INTERVALOID, sa.s.interval},
                 pg::text_param(sa.s.cron), pg::text_param(sa.s.time_zone), pg::Param{TIMESTAMPTZOID, next},
                 pg::Param{INTERVALOID, runtime}, pg::Param{INT4OID, retries}, pg::Param{INTERVALOID, backoff},
                 pg::Param{JSONBOID, options}, pg::Param{BOOLOID, enabled}, pg::Param{NAMEOID, me}});
        pmx::worker::warn_if_no_scheduler("add_job()");
        return_job(fcinfo, ins.int8(0, 0));
        return Datum(0);
    });
}

// alter_job(job_id, schedule_interval, next_run, enabled, max_runtime, max_retries, retry_backoff,
//           options, schedule, time_zone). NULL leaves a setting as it is. A new schedule or time
// zone recomputes next_run (unless next_run is given): a cron's next time, or for an interval the
// earlier of the current next_run and now + interval. Also pause_job/resume_job (SQL wrappers).
extern "C" Datum partman_alter_job(PG_FUNCTION_ARGS) {
    return pg::entry([&] {
        pg::Spi spi;
        Target t = target_job(fcinfo, "alter");
        auto interval = arg_text(fcinfo, 1), next = arg_text(fcinfo, 2), enabled = arg_text(fcinfo, 3),
             runtime = arg_text(fcinfo, 4), retries = arg_text(fcinfo, 5), backoff = arg_text(fcinfo, 6),
             options = arg_text(fcinfo, 7), schedule = arg_text(fcinfo, 8), tz = arg_text(fcinfo, 9);
        pg::Rows cur = pg::query("SELECT schedule, schedule_interval::text, time_zone, next_run, next_run = 'infinity' "
                                 "FROM partman_ext.job WHERE job_id = $1",
                                 {pg::int8_param(t.id)}, true);
        ScheduleArgs sa = schedule_args(schedule, interval, false);
        if (!sa.given) sa.s = pmx::worker::Schedule{cur.at(0, 0), cur.at(0, 1), cur.str(0, 2)};
        sa.s.time_zone = tz ? *tz : cur.str(0, 2);
        if (sa.given || tz) pmx::worker::check_schedule(sa.s);  // a stored schedule is not checked again
        check_settings(runtime, retries, backoff, options);
        bool resumed_spent = enabled == std::optional<std::string>("true") && cur.boolean(0, 4) && !sa.s.cron &&
                             !sa.s.interval;
        if (!next && (sa.given || tz)) {
            if (sa.s.cron || !sa.s.interval) {
                next = first_run(sa.s);
            } else {
                std::optional<TimestampTz> soon = pmx::worker::add_interval(pmx::clock_now(), *sa.s.interval, 1, sa.s.time_zone);
                next = pg::query("SELECT least($1::timestamptz, $2::timestamptz)::text",
                                 {pg::text_param(cur.at(0, 3)), pg::text_param(soon ? std::optional<std::string>(timestamp_text(*soon)) : std::nullopt)},
                                 true).at(0, 0);
            }
        }
        if (!next && resumed_spent) next = first_run(sa.s);  // a one-off job that has run: run it again
        write_jobs("UPDATE partman_ext.job SET schedule_interval = $2, schedule = $9, time_zone = $10, "
                "  next_run = coalesce($3, next_run), enabled = coalesce($4, enabled), "
                "  max_runtime = coalesce($5, max_runtime), max_retries = coalesce($6, max_retries), "
                "  retry_backoff = coalesce($7, retry_backoff), options = coalesce($8, options), "
                "  consecutive_failures = CASE WHEN $4 THEN 0 ELSE consecutive_failures END, "
                "  retry_at = CASE WHEN $4 OR $3 IS NOT NULL THEN NULL ELSE retry_at END, "
                "  requested = requested AND $3 IS NULL "  // an explicit next_run is the next run
                "WHERE job_id = $1",
                   {pg::int8_param(t.id), pg::Param{INTERVALOID, sa.s.interval}, pg::Param{TIMESTAMPTZOID, next},
                    pg::Param{BOOLOID, enabled}, pg::Param{INTERVALOID, runtime}, pg::Param{INT4OID, retries},
                    pg::Param{INTERVALOID, backoff}, pg::Param{JSONBOID, options}, pg::text_param(sa.s.cron),
                    pg::text_param(sa.s.time_zone)});
        return_job(fcinfo, t.id);
        return Datum(0);
    });
}

// remove_job(job_id): deletes the job (its run history stays) and returns it as it was.
extern "C" Datum partman_remove_job(PG_FUNCTION_ARGS) {
    return pg::entry([&] {
        pg::Spi spi;
        Target t = target_job(fcinfo, "remove");
        pg::Rows before = pg::query(kJobView, {pg::int8_param(t.id)}, true);
        write_jobs("DELETE FROM partman_ext.job WHERE job_id = $1", {pg::int8_param(t.id)});
        return_rows(fcinfo, before);
        return Datum(0);
    });
}

// run_job(job_id): asks for a run now (an extra run: the regular schedule stays as it is) and
// wakes the scheduler, which runs it within a tick (never while another run of the same job is
// going on). Returns the job.
extern "C" Datum partman_run_job(PG_FUNCTION_ARGS) {
    return pg::entry([&] {
        pg::Spi spi;
        Target t = target_job(fcinfo, "run");
        std::string id = std::to_string(t.id);
        if (!t.row.enabled)
            throw UserError(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE, "job " + id + " is paused",
                            "A paused job is not run.", "Resume it with partman_ext.resume_job(" + id + ").");
        write_jobs("UPDATE partman_ext.job SET requested = true WHERE job_id = $1", {pg::int8_param(t.id)});
        return_job(fcinfo, t.id);
        return Datum(0);
    });
}

// vacuum_partitions(parent, full): VACUUM cannot run inside a function, so this queues a one-off
// vacuum job for the scheduler and returns its job id.
extern "C" Datum partman_vacuum_partitions(PG_FUNCTION_ARGS) {
    return pg::entry([&] {
        pg::Spi spi;
        if (PG_ARGISNULL(0)) throw UserError(ERRCODE_NULL_VALUE_NOT_ALLOWED, "parent must not be NULL");
        Oid parent = PG_GETARG_OID(0);
        bool full = !PG_ARGISNULL(1) && PG_GETARG_BOOL(1);
        check_kind("vacuum", parent);
        check_access(parent, "vacuum this partition set");
        std::string me = current_user_name();
        pg::Rows ins = write_jobs(
            "INSERT INTO partman_ext.job (kind, parent_table, schedule_interval, options, created_by) "
            "VALUES ('vacuum', $1::regclass, NULL, pg_catalog.jsonb_build_object('full', $2), $3) RETURNING job_id",
            {pg::oid_param(parent), pg::bool_param(full), pg::Param{NAMEOID, me}});
        pmx::worker::wake_scheduler(MyDatabaseId);
        return Int64GetDatum(ins.int8(0, 0));
    });
}

// analyze_partitions(parent): ANALYZE every leaf partition now, as the parent's owner, each under
// the set's lock_timeout in a subtransaction of its own; returns one row per partition.
extern "C" Datum partman_analyze_partitions(PG_FUNCTION_ARGS) {
    return pg::entry([&] {
        pg::Spi spi;
        if (PG_ARGISNULL(0)) throw UserError(ERRCODE_NULL_VALUE_NOT_ALLOWED, "parent must not be NULL");
        Oid parent = PG_GETARG_OID(0);
        pg::Rows p = pg::query(
            "SELECT c.relkind = 'p', c.relowner, pg_catalog.format('%I.%I', n.nspname, c.relname), "
            "  (extract(epoch FROM coalesce((SELECT lock_timeout FROM partman_ext.part_config WHERE parent_table = c.oid), "
            "     make_interval(secs => $2 / 1000.0))) * 1000)::bigint "
            "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = $1",
            {pg::oid_param(parent), pg::int8_param(pmx::default_lock_timeout_ms)}, true);
        if (p.size() == 0) throw UserError(ERRCODE_UNDEFINED_TABLE, "relation with OID " + std::to_string(parent) + " does not exist");
        if (!p.boolean(0, 0))
            throw UserError(ERRCODE_WRONG_OBJECT_TYPE, "\"" + p.str(0, 2) + "\" is not a partitioned table",
                            "analyze_partitions() analyzes the partitions of a partitioned table.",
                            "Run ANALYZE on it directly.");
        check_access(parent, "analyze the partitions of \"" + p.str(0, 2) + "\"");
        Oid owner = static_cast<Oid>(p.int8(0, 1));
        std::string parent_name = p.str(0, 2), timeout = std::to_string(p.int8(0, 3));
        pg::Rows leaves = pg::query(
            "SELECT c.oid, pg_catalog.format('%I.%I', n.nspname, c.relname) "
            "FROM pg_catalog.pg_partition_tree($1) t JOIN pg_catalog.pg_class c ON c.oid = t.relid "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE t.isleaf AND c.relkind = 'r' ORDER BY 2",
            {pg::oid_param(parent)}, true);
        pg::Rows out;
        for (size_t i = 0; i < leaves.size(); ++i) {
            std::string name = leaves.str(i, 1);
            Oid leaf = static_cast<Oid>(leaves.int8(i, 0));
            // pg_class.reltuples, or the shards' for a Citus table (catalog.hpp)
            auto rows = [&] { return std::optional<std::string>(std::to_string(pg::estimated_rows(leaf))); };
            std::optional<std::string> before = rows();
            pg::Rows timing;
            auto err = pg::in_subtransaction([&] {
                pg::AsUser as(owner);
                pg::GucScope guc;
                guc.set("lock_timeout", timeout);
                timing = pg::query("SELECT pg_catalog.clock_timestamp()", {}, true);
                pg::exec("ANALYZE " + name);
                timing = pg::query(
                    "SELECT round((extract(epoch FROM pg_catalog.clock_timestamp() - $1::timestamptz) * 1000)::numeric, 3)",
                    {pg::text_param(timing.str(0, 0))}, true);
            });
            std::optional<std::string> after = rows();
            std::string action = !err ? "analyzed" : err->sqlstate == "55P03" ? "skipped" : "failed";
            std::optional<std::string> msg;
            if (err) msg = err->sqlstate + ": " + err->message;
            if (err && !pg::call([&] { return get_rel_relkind(leaf) != '\0'; })) {  // dropped by someone else meanwhile
                action = "skipped";
                msg = "dropped while the partitions were analyzed";
            }
            out.rows.push_back({pg::rel_value(parent), pg::rel_value(leaf), before, after, action,
                                msg, err ? std::nullopt : timing.at(0, 0)});
        }
        return_rows(fcinfo, out);
        return Datum(0);
    });
}

// Wakes this database's scheduler (used by the part_config trigger so that a new set is
// maintained within a tick). Returns whether a scheduler was running.
extern "C" Datum partman_wake_scheduler(PG_FUNCTION_ARGS) {
    return pg::entry([&] {
        int slot = pmx::worker::find_slot(MyDatabaseId);
        bool running = slot >= 0 && pmx::worker::read_slot(slot).pid != 0;
        pmx::worker::wake_scheduler(MyDatabaseId);
        (void)fcinfo;
        return BoolGetDatum(running);
    });
}
