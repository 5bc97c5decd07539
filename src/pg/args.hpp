// Arguments of SQL-callable functions found by name.
#pragma once

#include "pg/guard.hpp"

#include <optional>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

// The position of the argument called `name` in the SQL definition of the function being called
// (nullopt when it has none): lets one C function serve definitions whose argument lists grew in
// different places.
std::optional<int> argument_position(FunctionCallInfo fcinfo, const char* name);

}  // namespace pg

}  // namespace pmx
