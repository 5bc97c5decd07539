// Query results and the database interface of the partman_ext client (pure C++). The libpq
// implementation is src/cli/pq.cpp; tests use a fake.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace cli {

// How a column is shown in a table: numbers right-aligned, the rest left-aligned.
enum class Kind { Text, Number, Bool, Json };

// The kind of a PostgreSQL type OID (built-in numeric, boolean and JSON types; anything else,
// e.g. regclass, text, timestamps, arrays, is shown as text).
Kind kind_of_type(unsigned oid);

using Value = std::optional<std::string>;  // a value as PostgreSQL prints it; nullopt = NULL

struct Column {
    std::string name;
    Kind kind = Kind::Text;
};

struct ResultSet {
    std::vector<Column> columns;
    std::vector<std::vector<Value>> rows;
    std::vector<std::string> json;  // each row as one JSON object (PostgreSQL's to_json), same order

    // Index of a column, or -1.
    int column(std::string_view name) const;
    // A row's value of a named column; nullopt when NULL or when there is no such column.
    Value get(std::size_t row, std::string_view name) const;
};

// An error the server (or the connection) reported.
class DbError : public std::runtime_error {
public:
    DbError(std::string message, std::string sqlstate = {}, std::string detail = {}, std::string hint = {})
        : std::runtime_error(std::move(message)), sqlstate_(std::move(sqlstate)), detail_(std::move(detail)),
          hint_(std::move(hint)) {}
    const std::string& sqlstate() const noexcept { return sqlstate_; }
    const std::string& detail() const noexcept { return detail_; }
    const std::string& hint() const noexcept { return hint_; }

private:
    std::string sqlstate_, detail_, hint_;
};

inline constexpr const char* kJsonColumn = "partman_ext_row_json";

class Db {
public:
    virtual ~Db() = default;
    // Runs one statement with text parameters $1, $2, ... (nullopt = NULL). A last column named
    // kJsonColumn is the row as JSON (ResultSet::json), not a column. Throws DbError.
    virtual ResultSet query(const std::string& sql, const std::vector<Value>& params) = 0;
};

}  // namespace cli

}  // namespace pmx
