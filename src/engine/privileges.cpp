// Parent grants reapplied to partitions (see privileges.hpp).
#include "engine/privileges.hpp"

#include "engine/checks.hpp"
#include "engine/ddl.hpp"
#include "engine/maintenance.hpp"
#include "pg/settings.hpp"
#include "pg/spi.hpp"

extern "C" {
#include "catalog/pg_class.h"
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

std::string PrivilegeChange::statement() const {
    if (grant)
        return "GRANT " + privileges + " ON TABLE " + partition + " TO " + grantee + (grantable ? " WITH GRANT OPTION" : "");
    return "REVOKE " + privileges + " ON TABLE " + partition + " FROM " + grantee;
}

bool parent_has_grants(Oid parent) { return !class_attr_is_null(parent, Anum_pg_class_relacl); }

std::vector<PrivilegeChange> privilege_changes(const ParentInfo& parent, bool revoke_extra) {
    // aclexplode of acldefault() when relacl is NULL: the owner's own privileges, which are skipped.
    Rows r = query_cached(R"SQL(
        WITH top AS (SELECT c.relowner, coalesce(c.relacl, pg_catalog.acldefault('r', c.relowner)) AS acl
                       FROM pg_catalog.pg_class c WHERE c.oid = $1),
        want AS (SELECT a.grantee, a.privilege_type, a.is_grantable
                   FROM top, pg_catalog.aclexplode(top.acl) a WHERE a.grantee <> top.relowner),
        parts AS (SELECT c.oid, c.relowner,
                         pg_catalog.format('%I.%I', n.nspname, c.relname) AS name,
                         coalesce(c.relacl, pg_catalog.acldefault('r', c.relowner)) AS acl
                    FROM pg_catalog.pg_partition_tree($1) t
                    JOIN pg_catalog.pg_class c ON c.oid = t.relid
                    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                   WHERE t.relid <> $1),
        have AS (SELECT p.oid, a.grantee, a.privilege_type, a.is_grantable
                   FROM parts p, pg_catalog.aclexplode(p.acl) a WHERE a.grantee <> p.relowner),
        diff AS (
            SELECT p.oid, true AS is_grant, w.grantee, w.privilege_type, w.is_grantable
              FROM parts p CROSS JOIN want w
             WHERE w.grantee <> p.relowner
               AND NOT EXISTS (SELECT 1 FROM have h WHERE h.oid = p.oid AND h.grantee = w.grantee
                                  AND h.privilege_type = w.privilege_type AND (h.is_grantable OR NOT w.is_grantable))
            UNION ALL
            SELECT h.oid, false, h.grantee, h.privilege_type, false
              FROM have h, top
             WHERE $2 AND h.grantee <> top.relowner
               AND NOT EXISTS (SELECT 1 FROM want w WHERE w.grantee = h.grantee AND w.privilege_type = h.privilege_type))
        SELECT p.oid, p.name, d.is_grant,
               pg_catalog.string_agg(d.privilege_type, ', ' ORDER BY d.privilege_type),
               CASE WHEN d.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(d.grantee)) END,
               d.is_grantable, p.relowner <> (SELECT relowner FROM top), pg_catalog.pg_get_userbyid(p.relowner)::text
          FROM diff d JOIN parts p ON p.oid = d.oid
         GROUP BY p.oid, p.name, p.relowner, d.is_grant, d.grantee, d.is_grantable
         ORDER BY p.name, d.is_grant DESC, 5)SQL",
                          {oid_param(parent.oid), bool_param(revoke_extra)}, true);
    std::vector<PrivilegeChange> out;
    for (size_t i = 0; i < r.size(); ++i) {
        PrivilegeChange c;
        c.relid = static_cast<Oid>(r.int8(i, 0));
        c.partition = r.str(i, 1);
        c.grant = r.boolean(i, 2);
        c.privileges = r.str(i, 3);
        c.grantee = r.str(i, 4);
        c.grantable = r.boolean(i, 5);
        c.foreign_owner = r.boolean(i, 6);
        c.owner = r.str(i, 7);
        out.push_back(std::move(c));
    }
    return out;
}

void apply_privilege_changes(Oid owner, const std::vector<PrivilegeChange>& changes, size_t from, size_t to) {
    AsUser as(owner);
    for (size_t i = from; i < to; ++i) exec(changes[i].statement());
}

std::vector<ActionRow> reapply_privileges(Oid parent, bool revoke_extra, bool dry_run, std::vector<Oid>* partitions) {
    ParentInfo info = read_parent(parent, nullptr);
    require_owner(parent, info.qualified());
    std::optional<SetConfig> cfg = load_set(parent);
    int64_t lock_ms = cfg && cfg->lock_timeout_ms ? *cfg->lock_timeout_ms : pmx::default_lock_timeout_ms;

    std::vector<PrivilegeChange> changes = privilege_changes(info, revoke_extra);
    std::vector<ActionRow> rows;
    for (size_t i = 0; i < changes.size();) {
        size_t j = i;
        while (j < changes.size() && changes[j].relid == changes[i].relid) ++j;
        std::optional<StepError> err;
        std::string skipped;
        if (changes[i].foreign_owner) {
            const std::string& role = changes[i].owner;
            skipped = "owned by " + role + ", not by the parent's owner: left alone (run the statement as " + role + ")";
        } else if (!dry_run) {
            err = in_subtransaction([&] {
                GucScope guc;
                guc.set("lock_timeout", std::to_string(lock_ms));
                apply_privilege_changes(info.owner, changes, i, j);
            });
        }
        for (size_t k = i; k < j; ++k) {
            const PrivilegeChange& c = changes[k];
            ActionRow r;
            r.parent = info.qualified();
            r.parent_oid = parent;
            r.partition = c.partition;
            r.operation = c.grant ? "grant_privileges" : "revoke_privileges";
            r.lower = c.privileges;  // carried to the privileges column below
            r.upper = c.grantee;
            r.message = c.statement();
            if (!skipped.empty()) {
                r.action = core::Action::skipped;
                r.message = *r.message + ": " + skipped;
            } else if (dry_run) {
                r.action = c.grant ? core::Action::would_grant : core::Action::would_revoke;
            } else {
                mark_outcome(r, err, c.grant ? core::Action::granted : core::Action::revoked);
                if (err) r.message = c.statement() + ": " + r.message.value_or("");
            }
            rows.push_back(r);
            if (partitions) partitions->push_back(c.relid);
        }
        i = j;
    }
    if (!dry_run) write_log(rows, 0);
    return rows;
}

}  // namespace pg

}  // namespace pmx
