// Query results of the partman_ext client; see result.hpp.
#include "cli/lib/result.hpp"

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace cli {

Kind kind_of_type(unsigned oid) {
    switch (oid) {
        case 16:  // bool
            return Kind::Bool;
        case 20: case 21: case 23: case 26:  // int8, int2, int4, oid
        case 700: case 701: case 1700:       // float4, float8, numeric
            return Kind::Number;
        case 114: case 3802:  // json, jsonb
            return Kind::Json;
        default:
            return Kind::Text;
    }
}

int ResultSet::column(std::string_view name) const {
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i].name == name) return static_cast<int>(i);
    return -1;
}

Value ResultSet::get(std::size_t row, std::string_view name) const {
    const int c = column(name);
    if (c < 0 || row >= rows.size()) return std::nullopt;
    return rows[row][c];
}

}  // namespace cli

}  // namespace pmx
