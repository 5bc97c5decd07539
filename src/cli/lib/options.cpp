// Command-line parsing of the partman_ext client; see options.hpp.
#include "cli/lib/options.hpp"

#include <algorithm>
#include <cstdlib>

namespace pmx {  // the project's one namespace (docs/architecture.md)

#ifndef PARTMAN_EXT_VERSION
#define PARTMAN_EXT_VERSION "unknown"
#endif

namespace cli {
namespace {

// Every option: its long name, short letter (0 = none) and whether it takes a value.
struct OptionSpec {
    const char* name;
    char letter;
    bool takes_value;
};
const OptionSpec kOptions[] = {
    {"format", 0, true},     {"parent", 0, true},   {"exact", 0, false},     {"charset", 0, true},
    {"bar-width", 0, true},  {"set", 0, true},      {"host", 'h', true},     {"port", 'p', true},
    {"username", 'U', true}, {"dbname", 'd', true}, {"db-url", 0, true},     {"no-password", 'w', false},
    {"password", 'W', false}, {"help", '?', false}, {"version", 'V', false},
};

const OptionSpec* find_long(const std::string& name) {
    for (const OptionSpec& o : kOptions)
        if (name == o.name) return &o;
    return nullptr;
}

const OptionSpec* find_short(char letter) {
    for (const OptionSpec& o : kOptions)
        if (o.letter == letter) return &o;
    return nullptr;
}

int parse_width(const std::string& v) {
    char* end = nullptr;
    long n = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || n < 1 || n > 1000)
        throw UsageError("invalid --bar-width \"" + v + "\": give a number of characters from 1 to 1000");
    return static_cast<int>(n);
}

void apply(Options& o, const OptionSpec& spec, const std::string& value) {
    const std::string name = spec.name;
    if (name == "format") {
        if (value == "table") o.format = Format::Table;
        else if (value == "json") o.format = Format::Json;
        else throw UsageError("invalid --format \"" + value + "\": use table or json");
    } else if (name == "parent") {
        if (value.empty()) throw UsageError("--parent needs a table name");
        o.parent = value;
    } else if (name == "exact") {
        o.exact = true;
    } else if (name == "charset") {
        if (value == "auto") o.charset.reset();
        else if (auto cs = core::parse_charset(value)) o.charset = cs;
        else throw UsageError("invalid --charset \"" + value + "\": use auto, unicode or ascii");
    } else if (name == "bar-width") {
        o.bar_width = parse_width(value);
    } else if (name == "set") {
        const std::size_t eq = value.find('=');
        if (eq == std::string::npos || eq == 0)
            throw UsageError("invalid --set \"" + value + "\": use --set NAME=VALUE, e.g. --set statement_timeout=5s");
        o.settings.emplace_back(value.substr(0, eq), value.substr(eq + 1));
    } else if (name == "host") {
        o.host = value;
    } else if (name == "port") {
        o.port = value;
    } else if (name == "username") {
        o.user = value;
    } else if (name == "dbname" || name == "db-url") {
        o.dbname = value;
    } else if (name == "no-password") {
        o.no_password = true;
    } else if (name == "password") {
        o.force_password = true;
    } else if (name == "help") {
        o.help = true;
    } else if (name == "version") {
        o.version = true;
    }
}

}  // namespace

const std::vector<std::string>& command_names() {
    static const std::vector<std::string> names = {"health", "distribution", "sizes", "hot", "skew",
                                                   "refresh", "collections", "plan", "full"};
    return names;
}

Options parse_args(const std::vector<std::string>& args) {
    Options o;
    std::vector<std::string> positional;
    bool options_done = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (options_done || a.size() < 2 || a[0] != '-') {
            positional.push_back(a);
        } else if (a == "--") {
            options_done = true;
        } else if (a.compare(0, 2, "--") == 0) {
            const std::size_t eq = a.find('=');
            const std::string name = a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
            const OptionSpec* spec = find_long(name);
            if (!spec) throw UsageError("unknown option \"--" + name + "\"");
            std::string value;
            if (spec->takes_value) {
                if (eq != std::string::npos) value = a.substr(eq + 1);
                else if (i + 1 < args.size()) value = args[++i];
                else throw UsageError("option \"--" + name + "\" needs a value");
            } else if (eq != std::string::npos) {
                throw UsageError("option \"--" + name + "\" takes no value");
            }
            apply(o, *spec, value);
        } else {
            // Short options: flags may be bundled (-wV); one that takes a value takes the rest of
            // the word (-p5432) or the next word (-p 5432).
            for (std::size_t k = 1; k < a.size(); ++k) {
                const OptionSpec* spec = find_short(a[k]);
                if (!spec) throw UsageError(std::string("unknown option \"-") + a[k] + "\"");
                if (!spec->takes_value) {
                    apply(o, *spec, {});
                    continue;
                }
                std::string value;
                if (k + 1 < a.size()) value = a.substr(k + 1);
                else if (i + 1 < args.size()) value = args[++i];
                else throw UsageError(std::string("option \"-") + a[k] + "\" needs a value");
                apply(o, *spec, value);
                break;
            }
        }
    }
    if (o.help || o.version) return o;
    if (positional.empty()) throw UsageError("no command given");
    o.command = positional[0];
    const auto& names = command_names();
    if (std::find(names.begin(), names.end(), o.command) == names.end())
        throw UsageError("unknown command \"" + o.command + "\"");
    if (positional.size() > 1) {
        if (o.dbname) throw UsageError("the database is given twice (-d and \"" + positional[1] + "\")");
        o.dbname = positional[1];
    }
    if (positional.size() > 2) {
        if (o.user) throw UsageError("the user name is given twice (-U and \"" + positional[2] + "\")");
        o.user = positional[2];
    }
    if (positional.size() > 3) throw UsageError("too many arguments, starting with \"" + positional[3] + "\"");
    if (o.no_password && o.force_password) throw UsageError("-w (never prompt) and -W (prompt) contradict each other");
    return o;
}

std::string version_text() { return std::string("partman_ext (partman_ext client) ") + PARTMAN_EXT_VERSION + "\n"; }

std::string usage_text() {
    return R"(partman_ext reports on partition sets managed by the partman_ext extension.

Usage:
  partman_ext [OPTION]... COMMAND [DBNAME [USERNAME]]

Commands:
  health        state of each set (partition_health_summary) and its alerts (check_partition_health)
  distribution  rows per set and per partition against the even share (partition_distribution,
                partition_chunk_distribution)
  sizes         partition sizes and ranges (v_partition_sizes)
  hot           writes per partition in the last hour/day/week (partition_hot_spots) and writes
                per hour over the last 24 hours (partition_writes_per_hour)
  skew          skew of bucket sets against 1/N (analyze_partition_skew)
  refresh       refresh key_statistics: every key of the bucket sets (refresh_key_statistics; writes)
  collections   every key with rows, share, value sum and last seen, heaviest first (key_statistics)
  plan          what the next maintenance would do (run_partition_maintenance, dry run)
  full          all of the above except refresh

Report options:
  --format=FORMAT     table (default) or json
  --parent=TABLE      only this partition set (its parent table, schema-qualified if needed)
  --exact             skew: exact row counts (one scan per set) instead of catalog estimates
  --charset=CHARSET   bars with unicode block characters or ascii '#'; auto (default): unicode
                      when the locale's character set is UTF-8
  --bar-width=N       characters for the longest bar (default 30)
  --set NAME=VALUE    a setting for the session, e.g. --set statement_timeout=10s (repeatable)

Connection options (as psql's; unset ones come from PGHOST, PGPORT, PGUSER, PGDATABASE, ...):
  -h, --host=HOSTNAME      database server host or socket directory
  -p, --port=PORT          database server port
  -U, --username=USERNAME  database user name
  -d, --dbname=DBNAME      database name, or a conninfo string or URI
      --db-url=URI         the same as --dbname
  -w, --no-password        never prompt for a password
  -W, --password           prompt for a password before connecting

Other options:
  -?, --help               show this help, then exit
  -V, --version            show the version, then exit

Exit status (as a Nagios plugin's):
  0  HEALTHY (OK): no warning or critical alert; any command that ran without judging
  1  WARNING: health: a set in WARNING; distribution/skew: a WARNING or REBALANCE_RECOMMENDED
  2  CRITICAL: health: a set CRITICAL or without partitions; distribution/skew: CRITICAL
  3  UNKNOWN: bad command line, no connection, extension missing, or an SQL error

See partman_ext(1) and docs/monitoring.md.
)";
}

}  // namespace cli

}  // namespace pmx
