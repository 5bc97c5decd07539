// Thin, exception-safe helpers over SPI, GUCs, user switching and subtransactions.
// Every PostgreSQL call in here goes through pg::call, so errors arrive as pg::PgError.
#pragma once

#include "pg/guard.hpp"

extern "C" {
#include "executor/spi.h"
}

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

// Identifier and literal quoting (quote_identifier / quote_literal_cstr).
std::string ident(const std::string& name);
std::string qualified(const std::string& schema, const std::string& name);
std::string literal(const std::string& value);

// A typed SPI parameter. Text-like values are converted with the type's input function.
struct Param {
    Oid type;
    std::optional<std::string> text;  // nullopt = SQL NULL
};
Param text_param(const std::optional<std::string>& v);
Param int8_param(std::optional<int64_t> v);
Param oid_param(Oid v);
Param bool_param(bool v);
// A text[] parameter (elements may be NULL); cast it in SQL for other element types.
Param text_array_param(const std::vector<std::optional<std::string>>& v);

// One SPI connection for the lifetime of the object.
class Spi {
public:
    Spi();
    ~Spi();
    Spi(const Spi&) = delete;
    Spi& operator=(const Spi&) = delete;
};

// A query result copied out of SPI into C++ values; NULL is nullopt, never 0 or false.
// Integer (int2, int4, int8, oid) and boolean columns are read as Datums of their type, without
// a round trip through text; every cell also has its text form (what the type's output function
// prints) for callers that pass rows on as text.
struct Rows {
    std::vector<std::string> columns;
    std::vector<Oid> types;                                      // each column's type
    std::vector<std::vector<std::optional<std::string>>> rows;   // text form
    std::vector<std::vector<std::optional<int64_t>>> values;     // integer and boolean cells (bool: 0/1)
    uint64_t processed = 0;
    size_t size() const { return rows.size(); }
    const std::optional<std::string>& at(size_t r, size_t c) const { return rows.at(r).at(c); }
    std::string str(size_t r, size_t c) const { return rows.at(r).at(c).value_or(""); }
    // An integer cell (also a numeric or text one holding a whole number); nullopt for NULL.
    std::optional<int64_t> int8_or_null(size_t r, size_t c) const;
    std::optional<bool> boolean_or_null(size_t r, size_t c) const;
    // The same for a cell that cannot be NULL: a NULL there is an internal error, never 0 / false.
    int64_t int8(size_t r, size_t c) const;
    bool boolean(size_t r, size_t c) const;
};

// Run one statement (read_only=false lets it modify data). Results are copied out.
Rows query(const std::string& sql, std::initializer_list<Param> params = {}, bool read_only = false);
// Same, but the plan is prepared once per backend and kept (for fixed statements on hot paths).
Rows query_cached(const std::string& sql, std::initializer_list<Param> params = {}, bool read_only = false);
// Run a statement for its effect; returns SPI_processed.
uint64_t exec(const std::string& sql, std::initializer_list<Param> params = {});

// Switch the current user for the lifetime of the object, as a security-restricted operation
// with search_path pinned to pg_catalog, pg_temp: SQL run as another role can never resolve to
// an object the caller planted (an operator or function in a schema on the caller's path).
class AsUser {
public:
    explicit AsUser(Oid role);
    ~AsUser();
    AsUser(const AsUser&) = delete;
    AsUser& operator=(const AsUser&) = delete;

private:
    Oid saved_user_;
    int saved_context_;
    int guc_level_;
};

// GUC values set through this object are restored when it goes out of scope.
class GucScope {
public:
    GucScope();
    ~GucScope();
    void set(const char* name, const std::string& value);
    GucScope(const GucScope&) = delete;
    GucScope& operator=(const GucScope&) = delete;

private:
    int level_;
};

// What a rolled-back subtransaction failed with.
struct StepError {
    std::string sqlstate;
    std::string message;
    std::string detail;
};

// Run f in an internal subtransaction. A PostgreSQL ERROR rolls the subtransaction back and is
// returned; a query cancel (57014) and C++ exceptions roll it back and propagate.
std::optional<StepError> in_subtransaction(const std::function<void()>& f);

}  // namespace pg

}  // namespace pmx
