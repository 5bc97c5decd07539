// JSON text (pure C++, no PostgreSQL headers): used by the scheduler's job history and by the
// command-line client.
#pragma once

#include <string>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace core {

// A JSON string literal (with quotes) for s: escapes quotes, backslashes and control characters.
std::string json_quote(const std::string& s);

}  // namespace core

}  // namespace pmx
