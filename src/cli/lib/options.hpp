// Command line of the partman_ext client (pure C++: no libpq, testable with GoogleTest).
//
//   partman_ext [OPTION]... COMMAND [DBNAME [USERNAME]]
//
// Connection options are psql's (-h -p -U -d -w -W; -d takes a database name, a conninfo string
// or a URI); whatever is not given comes from the PG* environment variables through libpq.
#pragma once

#include "core/bars.hpp"

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace cli {

enum class Format { Table, Json };

struct Options {
    std::string command;                 // health, distribution, sizes, hot, skew, refresh, collections, plan, full
    Format format = Format::Table;
    std::optional<std::string> parent;   // --parent: one partition set
    bool exact = false;                  // --exact: skew from exact counts (one scan per set)
    std::optional<core::Charset> charset;  // --charset; nullopt = from the terminal's locale
    int bar_width = 30;                  // --bar-width
    std::vector<std::pair<std::string, std::string>> settings;  // --set NAME=VALUE, in order
    // Connection (nullopt: libpq's defaults and PG* variables).
    std::optional<std::string> host, port, user, dbname;
    bool no_password = false;            // -w: never prompt
    bool force_password = false;         // -W: prompt before connecting
    bool help = false, version = false;
};

// A command line the client cannot run: printed with a hint to --help, exit status 3.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// args excludes the program name. Throws UsageError. With --help or --version the rest is not
// checked (no command needed).
Options parse_args(const std::vector<std::string>& args);

// The commands, in the order --help lists them.
const std::vector<std::string>& command_names();

std::string usage_text();
std::string version_text();

}  // namespace cli

}  // namespace pmx
