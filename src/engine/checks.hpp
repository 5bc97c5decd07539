// Argument, privilege and registration checks shared by partman_ext's SQL functions.
#pragma once

#include "engine/sets.hpp"

#include <string>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

// Throws 22004 (null_value_not_allowed) when argument n is NULL.
void require_arg(FunctionCallInfo fcinfo, int n, const char* name, const char* function);

// Throws 42501 unless the current user owns relid or is a member of partman_ext_admin.
void require_owner(Oid relid, const std::string& shown);

// Throws 42501 unless the parent's owner may create tables in the parent's schema, where
// maintenance creates the set's partitions as that owner.
void require_owner_can_create(const ParentInfo& parent);

// The set's configuration; throws 42704 (undefined_object) when parent is not registered.
SetConfig require_set(Oid parent);

}  // namespace pg

}  // namespace pmx
