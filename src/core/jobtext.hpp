// Text helpers for the scheduler's job history (pure C++, no PostgreSQL headers).
#pragma once

#include "core/json.hpp"  // json_quote, used with the job texts

#include <string>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace core {

// s cut to at most max_bytes (never inside a UTF-8 character), ending in "..." when cut.
std::string abbreviate(const std::string& s, size_t max_bytes);

}  // namespace core

}  // namespace pmx
