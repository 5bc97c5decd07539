// The job table as SQL functions change it (see jobs.hpp).
#include "engine/jobs.hpp"

#include "core/kinds.hpp"
#include "engine/sets.hpp"

#include "pg/catalog.hpp"
#include "pg/settings.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

namespace {

using pmx::worker::Schedule;

const char* const kJobView = "SELECT * FROM partman_ext.jobs WHERE job_id = $1";

// A timestamptz as text (the session's DateStyle), for SPI parameters.
std::string timestamp_text(TimestampTz t) {
    return call([&] { return static_cast<const char*>(DatumGetCString(DirectFunctionCall1(timestamptz_out, TimestampTzGetDatum(t)))); });
}

void check_kind(const std::string& kind, Oid parent) {
    std::optional<core::JobKind> k = core::parse_job_kind(kind);
    if (!k)
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "unknown job kind \"" + kind + "\"",
                        "Job kinds are maintenance, analyze, vacuum, statistics, health and sampling.");
    if (!core::per_set(*k) && OidIsValid(parent))
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "a " + kind + " job covers every partition set",
                        "It cannot be limited to one parent.", "Pass parent => NULL.");
    if (OidIsValid(parent) && !load_set(parent))
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE,
                        "\"" + *query("SELECT $1::regclass::text", {oid_param(parent)}, true).at(0, 0) +
                            "\" is not a registered partition set",
                        "Jobs run on partition sets registered in partman_ext.part_config.",
                        "Register it with partman_ext.register_partition_set() first.");
}

// Checks the other settings (NULL = unchanged / default) before they reach the table: intervals
// positive, without negative parts and at most 100 years (longer ones overflow when repeated).
void check_settings(const JobSettings& s) {
    if (s.max_runtime) pmx::worker::check_duration("max_runtime", *s.max_runtime);
    if (s.retry_backoff) pmx::worker::check_duration("retry_backoff", *s.retry_backoff);
    Rows r = query(
        "SELECT coalesce($1::int >= 0, true), "
        "       coalesce(jsonb_typeof($2::jsonb) = 'object' "
        "                AND coalesce(jsonb_typeof($2::jsonb -> 'full'), 'boolean') = 'boolean' "
        "                AND coalesce(jsonb_typeof($2::jsonb -> 'analyze'), 'boolean') = 'boolean', true)",
        {Param{INT4OID, s.max_retries}, Param{JSONBOID, s.options}}, true);
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
    Schedule s;
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
std::string first_run(const Schedule& s) {
    TimestampTz now = pmx::clock_now();
    std::optional<TimestampTz> t = s.cron ? pmx::worker::next_fire(s, DT_NOBEGIN, now) : std::optional<TimestampTz>(now);
    return timestamp_text(t.value_or(now));
}

struct JobRow {
    Oid parent;
    bool enabled;
};

JobRow read_job(int64_t id) {
    Rows r = query("SELECT coalesce(parent_table::oid, 0), enabled FROM partman_ext.job WHERE job_id = $1",
                   {int8_param(id)}, true);
    if (r.size() == 0)
        throw UserError(ERRCODE_UNDEFINED_OBJECT, "job " + std::to_string(id) + " does not exist",
                        "", "See SELECT * FROM partman_ext.jobs.");
    return JobRow{static_cast<Oid>(r.int8(0, 0)), r.boolean(0, 1)};
}

std::string current_user_name() {
    return call([] { return static_cast<const char*>(GetUserNameFromId(GetUserId(), false)); });
}

// The job a function is called on, after checking the caller may `what` it.
JobRow target_job(int64_t id, const std::string& what) {
    JobRow row = read_job(id);
    check_job_access(row.parent, what + " job " + std::to_string(id));
    return row;
}

// Writes partman_ext.job as the extension owner (callers have been checked).
Rows write_jobs(const std::string& sql, std::initializer_list<Param> params) {
    AsUser owner(extension_owner());
    return query(sql, params);
}

}  // namespace

void check_job_access(Oid parent, const std::string& what) {
    if (OidIsValid(parent) ? owner_or_admin(parent) : is_admin()) return;
    throw UserError(ERRCODE_INSUFFICIENT_PRIVILEGE, "permission denied to " + what,
                    OidIsValid(parent) ? "Only the owner of the partition set's parent table may do this."
                                       : "Jobs that cover every partition set, health checks and sampling are cluster-level.",
                    "Ask a member of partman_ext_admin.");
}

Rows job_view(int64_t id) { return query(kJobView, {int8_param(id)}, false); }

int64_t add_job(const std::string& kind, Oid parent, const JobSettings& in) {
    check_kind(kind, parent);
    check_job_access(parent, "add this job");
    JobSettings s = in;
    // schedule_interval's default ('1 hour') gives way to a schedule.
    bool default_interval = s.schedule_interval && s.schedule &&
                            query("SELECT $1::interval = interval '1 hour'", {Param{INTERVALOID, s.schedule_interval}}, true)
                                .boolean(0, 0);
    ScheduleArgs sa = schedule_args(s.schedule, s.schedule_interval, default_interval);
    if (!sa.given) sa.s.interval = s.schedule_interval;  // NULL: run once
    if (s.time_zone) sa.s.time_zone = *s.time_zone;
    pmx::worker::check_schedule(sa.s);
    check_settings(s);
    if (!s.next_run) s.next_run = first_run(sa.s);
    std::string me = current_user_name();
    Rows ins = write_jobs(
        "INSERT INTO partman_ext.job (kind, parent_table, schedule_interval, schedule, time_zone, next_run, "
        "  max_runtime, max_retries, retry_backoff, options, enabled, created_by) "
        "VALUES ($1, nullif($2, 0)::regclass, $3, $4, $5, $6, coalesce($7, interval '1 hour'), "
        "  coalesce($8, 3), coalesce($9, interval '1 minute'), coalesce($10, '{}'::jsonb), coalesce($11, true), $12) "
        "RETURNING job_id",
        {text_param(kind), oid_param(parent), Param{INTERVALOID, sa.s.interval}, text_param(sa.s.cron),
         text_param(sa.s.time_zone), Param{TIMESTAMPTZOID, s.next_run}, Param{INTERVALOID, s.max_runtime},
         Param{INT4OID, s.max_retries}, Param{INTERVALOID, s.retry_backoff}, Param{JSONBOID, s.options},
         Param{BOOLOID, s.enabled}, Param{NAMEOID, me}});
    return ins.int8(0, 0);
}

void alter_job(int64_t id, const JobSettings& in) {
    target_job(id, "alter");
    JobSettings s = in;
    Rows cur = query("SELECT schedule, schedule_interval::text, time_zone, next_run, next_run = 'infinity' "
                     "FROM partman_ext.job WHERE job_id = $1",
                     {int8_param(id)}, true);
    ScheduleArgs sa = schedule_args(s.schedule, s.schedule_interval, false);
    if (!sa.given) sa.s = Schedule{cur.at(0, 0), cur.at(0, 1), cur.str(0, 2)};
    sa.s.time_zone = s.time_zone ? *s.time_zone : cur.str(0, 2);
    if (sa.given || s.time_zone) pmx::worker::check_schedule(sa.s);  // a stored schedule is not checked again
    check_settings(s);
    bool resumed_spent = s.enabled == std::optional<std::string>("true") && cur.boolean(0, 4) && !sa.s.cron &&
                         !sa.s.interval;
    if (!s.next_run && (sa.given || s.time_zone)) {
        if (sa.s.cron || !sa.s.interval) {
            s.next_run = first_run(sa.s);
        } else {
            std::optional<TimestampTz> soon = pmx::worker::add_interval(pmx::clock_now(), *sa.s.interval, 1, sa.s.time_zone);
            s.next_run = query("SELECT least($1::timestamptz, $2::timestamptz)::text",
                               {text_param(cur.at(0, 3)), text_param(soon ? std::optional<std::string>(timestamp_text(*soon)) : std::nullopt)},
                               true).at(0, 0);
        }
    }
    if (!s.next_run && resumed_spent) s.next_run = first_run(sa.s);  // a one-off job that has run: run it again
    write_jobs("UPDATE partman_ext.job SET schedule_interval = $2, schedule = $9, time_zone = $10, "
               "  next_run = coalesce($3, next_run), enabled = coalesce($4, enabled), "
               "  max_runtime = coalesce($5, max_runtime), max_retries = coalesce($6, max_retries), "
               "  retry_backoff = coalesce($7, retry_backoff), options = coalesce($8, options), "
               "  consecutive_failures = CASE WHEN $4 THEN 0 ELSE consecutive_failures END, "
               "  retry_at = CASE WHEN $4 OR $3 IS NOT NULL THEN NULL ELSE retry_at END, "
               "  requested = requested AND $3 IS NULL "  // an explicit next_run is the next run
               "WHERE job_id = $1",
               {int8_param(id), Param{INTERVALOID, sa.s.interval}, Param{TIMESTAMPTZOID, s.next_run},
                Param{BOOLOID, s.enabled}, Param{INTERVALOID, s.max_runtime}, Param{INT4OID, s.max_retries},
                Param{INTERVALOID, s.retry_backoff}, Param{JSONBOID, s.options}, text_param(sa.s.cron),
                text_param(sa.s.time_zone)});
}

Rows remove_job(int64_t id) {
    target_job(id, "remove");
    Rows before = query(kJobView, {int8_param(id)}, true);
    write_jobs("DELETE FROM partman_ext.job WHERE job_id = $1", {int8_param(id)});
    return before;
}

void request_run(int64_t id) {
    JobRow row = target_job(id, "run");
    std::string shown = std::to_string(id);
    if (!row.enabled)
        throw UserError(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE, "job " + shown + " is paused",
                        "A paused job is not run.", "Resume it with partman_ext.resume_job(" + shown + ").");
    write_jobs("UPDATE partman_ext.job SET requested = true WHERE job_id = $1", {int8_param(id)});
}

int64_t queue_vacuum(Oid parent, bool full) {
    check_kind("vacuum", parent);
    check_job_access(parent, "vacuum this partition set");
    std::string me = current_user_name();
    Rows ins = write_jobs(
        "INSERT INTO partman_ext.job (kind, parent_table, schedule_interval, options, created_by) "
        "VALUES ('vacuum', $1::regclass, NULL, pg_catalog.jsonb_build_object('full', $2), $3) RETURNING job_id",
        {oid_param(parent), bool_param(full), Param{NAMEOID, me}});
    return ins.int8(0, 0);
}

}  // namespace pg

}  // namespace pmx
