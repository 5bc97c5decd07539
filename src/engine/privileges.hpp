// Partitions that look like their parent: the parent's grants compared with each partition's
// (every level of the partition tree, the default partition included).
#pragma once

#include "pg/catalog.hpp"

#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

// One GRANT (a privilege the parent gives and the partition lacks) or REVOKE (a privilege the
// partition gives and the parent does not) for one grantee on one partition.
struct PrivilegeChange {
    Oid relid = InvalidOid;
    std::string partition;   // schema-qualified, quoted
    bool grant = true;       // false: revoke
    std::string privileges;  // "INSERT, SELECT"
    std::string grantee;     // quoted role name, or PUBLIC
    bool grantable = false;  // WITH GRANT OPTION (grants only)
    bool foreign_owner = false;  // the partition is owned by another role than the parent
    std::string owner;           // the partition's owner
    std::string statement() const;
};

// True when the parent's ACL is not empty (pg_class.relacl is set), read from the syscache.
bool parent_has_grants(Oid parent);

// The changes that make each partition's privileges match the parent's, grouped by partition
// (ascending by name). Grants always; revokes only with revoke_extra. Privileges of the
// partition's own owner and of the parent's owner are never compared.
std::vector<PrivilegeChange> privilege_changes(const ParentInfo& parent, bool revoke_extra);

// Runs changes[from, to) (one partition) as `owner`.
void apply_privilege_changes(Oid owner, const std::vector<PrivilegeChange>& changes, size_t from, size_t to);

struct ActionRow;

// reapply_privileges(): grants each partition the privileges the parent gives and it lacks (and,
// with revoke_extra, revokes what the parent does not give), one subtransaction per partition as
// the parent's owner under the set's lock_timeout. A partition owned by another role is left
// alone ('skipped'). Rows: operation grant_privileges / revoke_privileges, lower = privileges,
// upper = grantee, message = the statement. Logged unless dry_run. Checks the caller may.
// partitions (when given) receives each row's partition OID.
std::vector<ActionRow> reapply_privileges(Oid parent, bool revoke_extra, bool dry_run,
                                          std::vector<Oid>* partitions = nullptr);

}  // namespace pg

}  // namespace pmx
