// What a command of the partman_ext client produces, before it is printed (pure C++).
#pragma once

#include "cli/lib/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace cli {

// Nagios-style result; the value is the exit status.
enum class Status { Ok = 0, Warning = 1, Critical = 2, Unknown = 3 };

// The status of one status word of partman_ext: HEALTHY, CLEANUP_NEEDED, NORMAL,
// INSUFFICIENT_DATA -> Ok; WARNING, REBALANCE_RECOMMENDED -> Warning; CRITICAL, NO_PARTITIONS ->
// Critical; anything else -> Unknown.
Status status_of(std::string_view word);
// Critical > Warning > Unknown > Ok.
Status worst(Status a, Status b);
// "HEALTHY", "WARNING", "CRITICAL", "UNKNOWN".
const char* status_name(Status s);

// A bar column drawn in table format after the shown columns.
struct Chart {
    std::string value;   // the column holding the value
    std::string mark;    // the column holding the mark line (same unit; <= 0 or NULL: none), "" = none
    std::string group;   // rows with the same value here share one scale; "" = one scale for all
    std::string header;  // heading of the bar column
    // Marks only on rows whose column mark_where_column holds mark_where_value ("" = every row).
    std::string mark_where_column, mark_where_value;
};

struct Section {
    enum class Style { Table, Alerts };
    std::string key;                  // its key in the JSON document
    std::string title;                // its heading in table format
    ResultSet result;
    std::vector<std::string> shown;   // columns shown in table format, in order (empty: all)
    std::optional<Chart> chart;
    Style style = Style::Table;
};

struct Output {
    std::string command;
    std::string generated_at;      // partman_ext.clock() when the command ran (ISO 8601)
    std::optional<Status> status;  // commands that judge: health, distribution, skew, full
    std::string summary;           // one line about the result, e.g. "3 sets: 1 CRITICAL, 2 HEALTHY"
    std::vector<Section> sections;
    std::vector<Output> parts;     // full: the output of each command it ran
};

// Exit status: the status when the command judges, else 0.
int exit_status(const Output& out);

}  // namespace cli

}  // namespace pmx
