// Text helpers for the scheduler's job history (pure C++, no PostgreSQL headers).
#pragma once

#include "core/json.hpp"  // json_quote, used with the job texts

#include <string>

namespace core {

// The first SQLSTATE-looking token in a message: five characters of 0-9/A-Z, at least one digit,
// not part of a longer word (e.g. "lock timeout (55P03) on ..." -> "55P03"). "" when none.
std::string find_sqlstate(const std::string& message);


// s cut to at most max_bytes (never inside a UTF-8 character), ending in "..." when cut.
std::string abbreviate(const std::string& s, size_t max_bytes);

}  // namespace core
