// Returning rows from a set-returning C function (materialize mode).
#pragma once

#include "pg/guard.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pg {

using TextRow = std::vector<std::optional<std::string>>;  // one value per column, nullopt = NULL

class SrfOut {
public:
    explicit SrfOut(FunctionCallInfo fcinfo);
    // Adds a row; each value is converted with its column type's input function.
    void add(const TextRow& row);
    // Columns of the result type (an older SQL definition of the function may declare fewer).
    int columns() const { return natts_; }

private:
    void* tupstore_;
    void* attinmeta_;
    int natts_;
};

// Optional text from a possibly-NULL text/name argument.
std::optional<std::string> text_arg(FunctionCallInfo fcinfo, int n);

}  // namespace pg
