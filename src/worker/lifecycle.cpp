// DROP EXTENSION partman_ext: the schema and the role the extension created go with it (see
// lifecycle.hpp).
#include "worker/lifecycle.hpp"

#include "pg/spi.hpp"

extern "C" {
#include "access/xact.h"
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace worker {

namespace {

// The comment CREATE EXTENSION puts on the role it creates (sql/install/00_schema.sql).
constexpr const char* kRoleQuery =
    "SELECT (SELECT count(*) FROM pg_catalog.pg_auth_members m WHERE m.roleid = r.oid), "
    "       EXISTS (SELECT 1 FROM pg_catalog.pg_shdepend d "
    "               WHERE d.refclassid = 'pg_catalog.pg_authid'::pg_catalog.regclass AND d.refobjid = r.oid), "
    "       coalesce(pg_catalog.shobj_description(r.oid, 'pg_authid') "
    "                LIKE 'partman_ext: created by CREATE EXTENSION partman_ext%', false) "
    "FROM pg_catalog.pg_roles r WHERE r.rolname = 'partman_ext_admin'";

void notice(const std::string& message, const std::string& hint) {
    const char* m = message.c_str();
    const char* h = hint.c_str();
    pg::call([&] { ereport(NOTICE, (errmsg("%s", m), errhint("%s", h))); });
}

void drop_own_role() {
    pg::Rows r = pg::query(kRoleQuery, {}, false);  // not read-only: a fresh snapshot sees the drop
    if (r.size() == 0 || !r.boolean(0, 2)) return;  // none, or not created by partman_ext
    if (r.boolean(0, 1)) return;                    // still in use (partman_ext in another database)
    int64_t members = r.int8(0, 0);
    if (members > 0) {
        notice("role partman_ext_admin was kept: " + std::to_string(members) + " role(s) are members of it",
               "DROP ROLE partman_ext_admin removes it (and those memberships).");
        return;
    }
    auto err = pg::in_subtransaction([] { pg::exec("DROP ROLE partman_ext_admin"); });
    if (err)
        notice("role partman_ext_admin was kept: " + err->message, "DROP ROLE partman_ext_admin removes it.");
}

// The schema: CREATE EXTENSION made it (marked by its comment) and it holds nothing else now.
void drop_own_schema() {
    pg::Rows r = pg::query(
        "SELECT 1 FROM pg_catalog.pg_namespace n WHERE n.nspname = 'partman_ext' "
        "AND pg_catalog.obj_description(n.oid, 'pg_namespace') LIKE 'partman_ext: the schema of the extension%' "
        "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension e WHERE e.extnamespace = n.oid)",
        {}, false);
    if (r.size() == 0) return;
    auto err = pg::in_subtransaction([] { pg::exec("DROP SCHEMA partman_ext"); });
    if (err)
        notice("schema partman_ext was kept: " + err->message,
               "It holds objects that are not the extension's; DROP SCHEMA partman_ext CASCADE removes them with it.");
}

}  // namespace

void extension_dropped() {
    pg::entry([] {
        pg::call([] { CommandCounterIncrement(); });
        pg::Spi spi;
        drop_own_schema();
        drop_own_role();
        return (Datum)0;
    });
}

}  // namespace pmx::worker

}  // namespace pmx
