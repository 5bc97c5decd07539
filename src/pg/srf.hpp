// Returning rows from a set-returning C function (materialize mode).
#pragma once

#include "pg/guard.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

using TextRow = std::vector<std::optional<std::string>>;  // one value per column, nullopt = NULL

class SrfOut {
public:
    explicit SrfOut(FunctionCallInfo fcinfo);
    // Adds a row; each value is converted with its column type's input function.
    void add(const TextRow& row);
    // Columns of the declared result (an older SQL definition of a function may declare fewer).
    int columns() const { return natts_; }

private:
    void* tupstore_;
    void* attinmeta_;
    int natts_;
    std::vector<Oid> types_;
};

// A relation for a result column (nullopt for InvalidOid). SrfOut::add gives a regclass column its
// OID (regclassin reads digits without a name lookup, so the caller needs no privilege on the
// relation's schema) and a text column (an older version's definition) its schema-qualified name.
std::optional<std::string> rel_value(Oid relid);

// Optional text from a possibly-NULL text/name argument.
std::optional<std::string> text_arg(FunctionCallInfo fcinfo, int n);

}  // namespace pg

}  // namespace pmx
