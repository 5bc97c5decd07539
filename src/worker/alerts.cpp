// The health job: runs partman_ext.check_partition_health(NULL), keeps alert state in
// partman_ext.alert_state, and for each alert that starts or clears logs a WARNING and sends
// NOTIFY partman_ext_alerts with a JSON payload. An alert still present on the next run sends nothing.
#include "worker/jobs.hpp"

#include "core/jobtext.hpp"
#include "pg/catalog.hpp"
#include "pg/settings.hpp"

extern "C" {
#include "miscadmin.h"
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace worker {

namespace {

// One statement: diff the current problems against the open alerts. Returns the alerts raised and
// cleared by this run, each with its NOTIFY payload. Problems are rows whose severity is not
// ok/info; (code, set, partition) identifies an alert.
constexpr const char* kDiffSql = R"SQL(
WITH cur AS (
    SELECT DISTINCT ON (h.code::text, h.parent_table::text, h.partition_name::text)
           lower(h.severity::text) AS severity, h.code::text AS code, h.parent_table::text AS parent_table,
           h.partition_name::text AS partition_name, h.message::text AS message,
           h.recommendation::text AS recommendation, h.parent_table AS parent_relid
    FROM partman_ext.check_partition_health(NULL) h
    WHERE lower(h.severity::text) NOT IN ('ok', 'info')
    ORDER BY h.code::text, h.parent_table::text, h.partition_name::text
), raised AS (
    INSERT INTO partman_ext.alert_state (severity, code, parent_table, partition_name, message, recommendation, parent_relid)
    SELECT c.severity, c.code, c.parent_table, c.partition_name, c.message, c.recommendation, c.parent_relid
    FROM cur c
    WHERE NOT EXISTS (SELECT 1 FROM partman_ext.alert_state a
                      WHERE a.cleared_at IS NULL AND a.code = c.code
                        AND a.parent_table IS NOT DISTINCT FROM c.parent_table
                        AND a.partition_name IS NOT DISTINCT FROM c.partition_name)
    RETURNING *
), cleared AS (
    UPDATE partman_ext.alert_state a SET cleared_at = pg_catalog.clock_timestamp()
    WHERE a.cleared_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM cur c
                      WHERE a.code = c.code AND a.parent_table IS NOT DISTINCT FROM c.parent_table
                        AND a.partition_name IS NOT DISTINCT FROM c.partition_name)
    RETURNING a.*
), seen AS (
    UPDATE partman_ext.alert_state a
    SET last_seen_at = pg_catalog.clock_timestamp(), severity = c.severity, message = c.message,
        recommendation = c.recommendation, parent_relid = c.parent_relid
    FROM cur c
    WHERE a.cleared_at IS NULL AND a.code = c.code AND a.parent_table IS NOT DISTINCT FROM c.parent_table
      AND a.partition_name IS NOT DISTINCT FROM c.partition_name
    RETURNING 1
), changes AS (
    SELECT 'raised' AS state, r.alert_id, r.severity, r.code, r.parent_table, r.partition_name, r.message,
           r.recommendation, r.raised_at, r.cleared_at FROM raised r
    UNION ALL
    SELECT 'cleared', c.alert_id, c.severity, c.code, c.parent_table, c.partition_name, c.message,
           c.recommendation, c.raised_at, c.cleared_at FROM cleared c
)
SELECT state, severity, code, coalesce(parent_table, ''), coalesce(partition_name, ''), message,
       pg_catalog.json_build_object(
           'state', state, 'severity', severity, 'code', code, 'set', parent_table,
           'partition', partition_name, 'message', pg_catalog.left(message, 2000),
           'recommendation', pg_catalog.left(recommendation, 2000), 'alert_id', alert_id,
           'database', pg_catalog.current_database(), 'raised_at', raised_at, 'cleared_at', cleared_at)::text,
       (SELECT count(*) FROM seen)
FROM changes
ORDER BY state DESC, code, parent_table, partition_name
)SQL";

}  // namespace

RunResult run_health(const Job&) {
    RunResult res;
    int raised = 0, cleared = 0;
    auto e = in_transaction([&] {
        // A set whose parent is locked must not hold up the scheduler.
        pg::GucScope guc;
        guc.set("lock_timeout", std::to_string(pmx::default_lock_timeout_ms));
        // Names in alert_state and in messages schema-qualified (regclass prints so without a path).
        guc.set("search_path", "pg_catalog");
        pg::Rows ch;
        {
            pg::AsUser owner(pg::extension_owner());
            ch = pg::query(kDiffSql);
        }
        for (size_t i = 0; i < ch.size(); ++i) {
            bool up = ch.str(i, 0) == "raised";
            (up ? raised : cleared) += 1;
            std::string where = ch.str(i, 3) + (ch.str(i, 4).empty() ? "" : " / " + ch.str(i, 4));
            std::string line = "partman_ext alert " + ch.str(i, 0) + ": [" + ch.str(i, 1) + "] " + ch.str(i, 2) +
                               (where.empty() ? "" : " on " + where) + ": " + ch.str(i, 5);
            const char* l = line.c_str();
            pg::call([&] { ereport(WARNING, (errmsg("%s", l))); });
            pg::exec("SELECT pg_catalog.pg_notify('partman_ext_alerts', $1)", {pg::text_param(ch.str(i, 6))});
            json_append(res.details, {{"state", ch.str(i, 0)}, {"severity", ch.str(i, 1)}, {"code", ch.str(i, 2)},
                                      {"set", ch.str(i, 3)}, {"partition", ch.str(i, 4)}});
        }
    });
    if (e) {
        res.status = core::RunStatus::failed;
        res.sqlstate = e->sqlstate;
        res.message = core::abbreviate(e->message, 2000);
    } else {
        res.items = raised + cleared;
        res.message = std::to_string(raised) + " alert(s) raised, " + std::to_string(cleared) + " cleared";
    }
    return res;
}

}  // namespace pmx::worker

}  // namespace pmx
