// NOTICE naming what scheduled retention will remove (see retention_notice.hpp).
#include "engine/retention_notice.hpp"

#include "pg/catalog.hpp"
#include "engine/maintenance.hpp"
#include "pg/spi.hpp"

namespace pmx {  // the project's one namespace (docs/architecture.md)


namespace pg {

namespace {

std::string what_it_does(const SetConfig& cfg) {
    if (cfg.retention_mode == core::RetentionMode::detach) return "detach (keeping them as tables)";
    if (cfg.retention_mode == core::RetentionMode::archive) return "detach and move to schema " + ident(cfg.archive_schema.value_or("")) + "";
    return "drop";
}

std::string partition_text(const ActionRow& r) {
    return r.partition + " [" + r.lower.value_or("MINVALUE") + ", " + r.upper.value_or("MAXVALUE") + ")";
}

}  // namespace

void announce_retention(const SetConfig& cfg, const RegularRun& when) {
    if (!cfg.retention) return;
    MaintenanceRequest req;
    req.create = req.ensure_default = req.reapply_privileges = false;
    req.retention = cfg.retention;  // as retention will run then, ignoring the wait
    req.dry_run = true;
    std::vector<ActionRow> rows;
    maintain_set(cfg, req, rows);
    std::vector<const ActionRow*> gone;
    const ActionRow* failure = nullptr;
    for (const ActionRow& r : rows)
        if (core::is_would(r.action)) gone.push_back(&r);
        else if (!r.success && !failure) failure = &r;

    const std::string at = timestamptz_text(when.at);
    const std::string parent_name = qualified_name(cfg.parent);
    const std::string head = "retention '" + *cfg.retention + "' of " + parent_name;
    std::string message, detail;
    if (failure) {
        message = head + " could not be previewed: " + failure->message.value_or(core::to_text(failure->action));
        detail = "Nothing was removed now. Retention first acts at the maintenance run at or after " + at + ".";
    } else if (gone.empty()) {
        message = head + " removes no partition now; from " + at + " on, maintenance will " + what_it_does(cfg) +
                  " partitions as they fall behind it";
        detail = "Nothing was removed now.";
    } else {
        // Rows: counted for a partition under 1 MB (as the parent's owner), else the catalog
        // estimate (pg_class.reltuples, or the planner's density estimate if never analyzed).
        // Bytes: pg_total_relation_size of the partition and its sub-partitions.
        constexpr int64_t kCountBelow = 1 << 20;
        Oid owner = static_cast<Oid>(
            query("SELECT relowner::bigint FROM pg_catalog.pg_class WHERE oid = $1", {oid_param(cfg.parent)}, true).int8(0, 0));
        int64_t est = 0, bytes = 0;
        for (const ActionRow* r : gone) {
            Rows tree = query(
                "SELECT $1::pg_catalog.regclass::oid::bigint, coalesce(sum(pg_catalog.pg_total_relation_size(t.relid)), 0)::bigint "
                "FROM pg_catalog.pg_partition_tree($1::pg_catalog.regclass) t",
                {text_param(r->partition)}, true);
            Oid relid = static_cast<Oid>(tree.int8(0, 0));
            int64_t b = tree.int8(0, 1);
            bytes += b;
            if (b <= kCountBelow) {
                AsUser as(owner);
                est += query("SELECT count(*) FROM " + r->partition, {}, true).int8(0, 0);
            } else {
                est += planner_rows(relid);
            }
        }
        Rows size = query("SELECT pg_catalog.pg_size_pretty($1::bigint)", {int8_param(bytes)}, true);
        message = head + " will " + what_it_does(cfg) + " " + std::to_string(gone.size()) +
                  (gone.size() == 1 ? " partition" : " partitions") + " (about " + std::to_string(est) + " rows, " +
                  size.str(0, 0) + ") at the next regular maintenance run, not before " + at;
        detail = "Nothing was removed now. " + std::string(gone.size() == 1 ? "Partition: " : "Partitions: ") +
                 partition_text(*gone.front());
        if (gone.size() > 2) detail += " .. " + std::to_string(gone.size() - 2) + " more .. ";
        else if (gone.size() == 2) detail += ", ";
        if (gone.size() > 1) detail += partition_text(*gone.back());
        detail += "; " + std::to_string(bytes) +
                  " bytes (pg_total_relation_size); rows are counted in partitions under 1 MB, elsewhere the catalog "
                  "estimate (pg_class.reltuples, or the planner's estimate for a partition never analyzed).";
    }
    detail += when.job_id ? " " + at + " is the next regular run of maintenance job " + std::to_string(*when.job_id) + "."
                          : " No enabled maintenance job covers this set, so retention waits one hour; after that the "
                            "first maintenance run (run_partition_maintenance(), or a maintenance job) removes them.";
    const std::string parent = literal(parent_name);
    std::string hint = "To cancel: SELECT partman_ext.update_partition_set(" + parent +
                       ", retention => NULL); or stop maintaining the set with enabled => false. Each partition and when "
                       "retention acts on it: SELECT * FROM partman_ext.list_partitions(" + parent + ");";
    call([&] {
        ereport(NOTICE, (errmsg("%s", message.c_str()), errdetail("%s", detail.c_str()), errhint("%s", hint.c_str())));
    });
}

}  // namespace pg

}  // namespace pmx
