// Scheduler presence (see presence.hpp).
#include "worker/presence.hpp"

#include "pg/guard.hpp"
#include "pg/settings.hpp"
#include "worker/shared.hpp"

extern "C" {
#include "access/genam.h"
#include "access/heapam.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xlog.h"
#include "catalog/pg_database.h"
#include "catalog/pg_db_role_setting.h"
#include "catalog/pg_type.h"
#include "commands/dbcommands.h"
#include "miscadmin.h"
#include "postmaster/bgworker_internals.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/syscache.h"
#include "utils/varlena.h"
}

#include <cstring>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace worker {

namespace {

constexpr const char kPauseSetting[] = "partman_ext.pause_scheduler=";

// Oids (a List) of databases whose database-level settings turn pause_scheduler on.
List* scan_paused() {
    List* out = NIL;
    Relation rel = table_open(DbRoleSettingRelationId, AccessShareLock);
    TableScanDesc scan = table_beginscan_catalog(rel, 0, nullptr);
    HeapTuple tup;
    while ((tup = heap_getnext(scan, ForwardScanDirection)) != nullptr) {
        auto* row = (Form_pg_db_role_setting)GETSTRUCT(tup);
        if (!OidIsValid(row->setdatabase) || OidIsValid(row->setrole)) continue;
        bool isnull;
        Datum d = heap_getattr(tup, Anum_pg_db_role_setting_setconfig, RelationGetDescr(rel), &isnull);
        if (isnull) continue;
        Datum* elems;
        bool* nulls;
        int n;
        deconstruct_array(DatumGetArrayTypeP(d), TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
        for (int i = 0; i < n; ++i) {
            if (nulls[i]) continue;
            char* item = TextDatumGetCString(elems[i]);
            bool on = false;
            if (pg_strncasecmp(item, kPauseSetting, sizeof kPauseSetting - 1) == 0 &&
                parse_bool(item + sizeof kPauseSetting - 1, &on) && on)
                out = lappend_oid(out, row->setdatabase);
        }
    }
    table_endscan(scan);
    table_close(rel, AccessShareLock);
    return out;
}

bool list_contains(const char* dbname, bool* valid) {
    char* raw = pstrdup(pmx::worker_databases ? pmx::worker_databases : "");
    List* names = NIL;
    *valid = SplitIdentifierString(raw, ',', &names);
    if (!*valid) return false;
    if (names == NIL) return true;
    ListCell* lc;
    foreach (lc, names)
        if (strcmp(static_cast<char*>(lfirst(lc)), dbname) == 0) return true;
    return false;
}

}  // namespace

std::vector<Oid> paused_databases() {
    List* l = pg::call([] { return scan_paused(); });
    std::vector<Oid> out;
    ListCell* lc;
    foreach (lc, l) out.push_back(lfirst_oid(lc));
    return out;
}

bool allowed_by_list(const char* dbname, bool& valid) {
    bool ok = true;
    bool in = pg::call([&] { return list_contains(dbname, &ok); });
    valid = ok;
    return in;
}

std::string Presence::text() const {
    switch (kind) {
        case Running: return "running";
        case Starting: return "starting";
        case Paused: return "paused: " + reason;
        case Absent: break;
    }
    return "not running: " + reason;
}

Presence presence() {
    Presence p;
    std::string db = pg::call([] { return static_cast<const char*>(get_database_name(MyDatabaseId)); });
    auto absent = [&](std::string reason, std::string hint) {
        p.kind = Presence::Absent;
        p.reason = std::move(reason);
        p.hint = std::move(hint);
        return p;
    };
    if (!shared_available())
        return absent("partman_ext is not in shared_preload_libraries",
                      "Add partman_ext to shared_preload_libraries and restart the server; until then run "
                      "partman_ext.run_partition_maintenance() yourself.");
    if (!pmx::worker_enabled)
        return absent("partman_ext.enabled is off",
                      "Turn it on: ALTER SYSTEM SET partman_ext.enabled = on; SELECT pg_reload_conf();");
    bool valid = true;
    if (!allowed_by_list(db.c_str(), valid))
        return absent(valid ? "database \"" + db + "\" is not in partman_ext.databases (\"" +
                                  std::string(pmx::worker_databases) + "\")"
                            : "partman_ext.databases is not a valid list of database names",
                      "Add the database to partman_ext.databases, or set it to '' to serve every database, and "
                      "reload (SELECT pg_reload_conf()).");
    if (pmx::worker_role && pmx::worker_role[0]) {
        const char* role = pmx::worker_role;
        bool exists = pg::call([&] { return OidIsValid(get_role_oid(role, true)); });
        if (!exists)
            return absent("partman_ext.role \"" + std::string(role) + "\" does not exist",
                          "Create the role (LOGIN, member of partman_ext_admin) or reset partman_ext.role, and reload.");
    }
    bool is_template = pg::call([] {
        HeapTuple tup = SearchSysCache1(DATABASEOID, ObjectIdGetDatum(MyDatabaseId));
        bool t = HeapTupleIsValid(tup) && ((Form_pg_database)GETSTRUCT(tup))->datistemplate;
        if (HeapTupleIsValid(tup)) ReleaseSysCache(tup);
        return t;
    });
    if (is_template)
        return absent("\"" + db + "\" is a template database",
                      "Template databases get no scheduler (CREATE DATABASE would be refused while one is "
                      "connected); databases created from it get their own.");
    bool in_recovery = pg::call([] { return RecoveryInProgress(); });
    if (in_recovery)
        return absent("the server is a standby (in recovery)", "The scheduler starts after promotion.");
    for (Oid d : paused_databases())
        if (d == MyDatabaseId) {
            p.kind = Presence::Paused;
            p.reason = "partman_ext.pause_scheduler is on for this database";
            return p;
        }
    bool more = false;
    if (is_starved(MyDatabaseId, more))
        return absent("no background worker slot is free for it (max_worker_processes = " +
                          std::to_string(max_worker_processes) + ")",
                      "Raise max_worker_processes and restart the server, or narrow partman_ext.databases.");
    int i = find_slot(MyDatabaseId);
    p.kind = i >= 0 && read_slot(i).pid != 0 ? Presence::Running : Presence::Starting;
    return p;
}

void warn_if_no_scheduler(const char* what) {
    Presence p = presence();
    if (p.kind != Presence::Absent) return;
    std::string db = pg::call([] { return static_cast<const char*>(get_database_name(MyDatabaseId)); });
    std::string msg = "no partman_ext scheduler serves database \"" + db + "\": " + p.reason;
    std::string detail = std::string(what) +
                         " succeeded, but no job of this database runs on schedule: partitions are not created "
                         "ahead and retention does not run until a scheduler serves it.";
    const char* m = msg.c_str();
    const char* d = detail.c_str();
    const char* h = p.hint.c_str();
    pg::call([&] {
        ereport(WARNING, (errcode(ERRCODE_WARNING), errmsg("%s", m), errdetail("%s", d), errhint("%s", h)));
    });
}

}  // namespace pmx::worker

}  // namespace pmx
