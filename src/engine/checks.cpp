// Argument, privilege and registration checks shared by partman_ext's SQL functions.
#include "engine/checks.hpp"

#include "pg/spi.hpp"

extern "C" {
#include "catalog/namespace.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/lsyscache.h"
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

// Shared by every SQL entry point of partman_ext: argument checks and the privilege rule.
void require_arg(FunctionCallInfo fcinfo, int n, const char* name, const char* function) {
    if (PG_ARGISNULL(n))
        throw UserError(ERRCODE_NULL_VALUE_NOT_ALLOWED, std::string(name) + " must not be NULL",
                        std::string(function) + " needs a value for " + name + ".",
                        std::string("Pass ") + name + " explicitly, or leave it out to use its default.");
}

void require_owner(Oid relid, const std::string& shown) {
    if (!owner_or_admin(relid))
        throw UserError(ERRCODE_INSUFFICIENT_PRIVILEGE, "must be owner of table " + shown,
                        "Only the owner of a parent table, or a member of partman_ext_admin, may register, change "
                        "or maintain its partition set.",
                        "Run this as the table's owner, or GRANT partman_ext_admin TO the role that runs it.");
}

void require_owner_can_create(const ParentInfo& parent) {
    const char* schema = parent.schema.c_str();
    Oid owner = parent.owner;
    bool ok = call([&] {
        Oid nsp = get_namespace_oid(schema, false);
        return pg_namespace_aclcheck(nsp, owner, ACL_CREATE) == ACLCHECK_OK;
    });
    if (ok) return;
    char* role = call([&] { return GetUserNameFromId(owner, false); });
    std::string owner_name = role, schema_name = ident(parent.schema);
    throw UserError(ERRCODE_INSUFFICIENT_PRIVILEGE,
                    "owner " + owner_name + " of " + parent.qualified() + " cannot create tables in schema " + schema_name,
                    "partman_ext creates the set's partitions in schema " + schema_name + " as the parent's owner " +
                        owner_name + ", who lacks the CREATE privilege there; every maintenance run would fail.",
                    "GRANT CREATE ON SCHEMA " + schema_name + " TO " + ident(owner_name) +
                        "; then register the set again. Nothing was registered.");
}

SetConfig require_set(Oid parent) {
    auto cfg = load_set(parent);
    if (!cfg) {
        char* name = call([&] { return get_rel_name(parent); });
        throw UserError(ERRCODE_UNDEFINED_OBJECT,
                        std::string("\"") + (name ? name : std::to_string(parent)) + "\" is not a registered partition set",
                        "partman_ext.part_config has no row for this table.",
                        "Register it first with partman_ext.register_partition_set().");
    }
    return *cfg;
}

}  // namespace pg

}  // namespace pmx
