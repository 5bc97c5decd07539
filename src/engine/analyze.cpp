// ANALYZE of a partition set's leaves (see analyze.hpp).
#include "engine/analyze.hpp"

#include "engine/jobs.hpp"
#include "engine/sets.hpp"
#include "pg/catalog.hpp"
#include "pg/settings.hpp"
#include "pg/spi.hpp"

extern "C" {
#include "utils/lsyscache.h"
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

std::vector<AnalyzeRow> analyze_partitions(Oid parent) {
    Rows p = query(
        "SELECT c.relkind = 'p', c.relowner, pg_catalog.format('%I.%I', n.nspname, c.relname) "
        "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = $1",
        {oid_param(parent)}, true);
    if (p.size() == 0) throw UserError(ERRCODE_UNDEFINED_TABLE, "relation with OID " + std::to_string(parent) + " does not exist");
    if (!p.boolean(0, 0))
        throw UserError(ERRCODE_WRONG_OBJECT_TYPE, "\"" + p.str(0, 2) + "\" is not a partitioned table",
                        "analyze_partitions() analyzes the partitions of a partitioned table.",
                        "Run ANALYZE on it directly.");
    check_job_access(parent, "analyze the partitions of \"" + p.str(0, 2) + "\"");
    Oid owner = static_cast<Oid>(p.int8(0, 1));
    // The set's lock_timeout when it is registered, partman_ext.lock_timeout otherwise.
    std::optional<SetConfig> cfg = load_set(parent);
    std::string parent_name = p.str(0, 2),
                timeout = std::to_string(cfg && cfg->lock_timeout_ms ? *cfg->lock_timeout_ms : pmx::default_lock_timeout_ms);
    // The leaves from pg_inherits, taking no lock (pg_partition_tree locks every partition and
    // would wait, without lock_timeout, for one another session holds): each ANALYZE below waits
    // at most the set's lock_timeout and reports a lock it cannot get as skipped (55P03).
    Rows leaves = query(
        "WITH RECURSIVE t(relid) AS (SELECT i.inhrelid FROM pg_catalog.pg_inherits i WHERE i.inhparent = $1 "
        "  UNION ALL SELECT i.inhrelid FROM pg_catalog.pg_inherits i JOIN t ON i.inhparent = t.relid) "
        "SELECT c.oid, pg_catalog.format('%I.%I', n.nspname, c.relname) "
        "FROM t JOIN pg_catalog.pg_class c ON c.oid = t.relid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind = 'r' ORDER BY 2",
        {oid_param(parent)}, true);
    std::vector<AnalyzeRow> out;
    for (size_t i = 0; i < leaves.size(); ++i) {
        std::string name = leaves.str(i, 1);
        Oid leaf = static_cast<Oid>(leaves.int8(i, 0));
        // pg_class.reltuples, or the shards' for a Citus table (catalog.hpp)
        auto rows = [&] { return std::optional<std::string>(std::to_string(estimated_rows(leaf))); };
        AnalyzeRow row;
        row.parent = parent_name;
        row.parent_oid = parent;
        row.partition = name;
        row.partition_oid = leaf;
        row.rows_before = rows();
        Rows timing;
        auto err = in_subtransaction([&] {
            AsUser as(owner);
            GucScope guc;
            guc.set("lock_timeout", timeout);
            timing = query("SELECT pg_catalog.clock_timestamp()", {}, true);
            exec("ANALYZE " + name);
            timing = query(
                "SELECT round((extract(epoch FROM pg_catalog.clock_timestamp() - $1::timestamptz) * 1000)::numeric, 3)",
                {text_param(timing.str(0, 0))}, true);
        });
        row.rows_after = rows();
        row.action = !err ? core::AnalyzeAction::analyzed
                 : err->sqlstate == "55P03" ? core::AnalyzeAction::skipped : core::AnalyzeAction::failed;
        if (err) {
            row.sqlstate = err->sqlstate;
            row.message = err->sqlstate + ": " + err->message;
        }
        if (err && !call([&] { return get_rel_relkind(leaf) != '\0'; })) {  // dropped by someone else meanwhile
            row.action = core::AnalyzeAction::skipped;
            row.sqlstate = std::nullopt;
            row.message = "dropped while the partitions were analyzed";
        }
        if (!err) row.duration_ms = timing.at(0, 0);
        out.push_back(std::move(row));
    }
    return out;
}

}  // namespace pg

}  // namespace pmx
