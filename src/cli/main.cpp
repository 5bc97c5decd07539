// partman_ext: the command-line client of the partman_ext extension (docs/partman_ext.1).
// Parses the command line, connects with libpq, runs one command (src/cli/lib/commands.cpp) and
// prints it as a table or JSON. Exit status: 0 HEALTHY, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (bad
// command line, no connection, SQL error), as a Nagios plugin's.
#include "cli/lib/commands.hpp"
#include "cli/lib/options.hpp"
#include "cli/lib/render.hpp"
#include "cli/pq.hpp"

#include <clocale>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <langinfo.h>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace {

constexpr int kUnknown = static_cast<int>(cli::Status::Unknown);

// Unicode bars when the terminal's locale speaks UTF-8.
core::Charset locale_charset() {
    std::setlocale(LC_CTYPE, "");
    const char* codeset = nl_langinfo(CODESET);
    const bool utf8 = codeset && (std::strcmp(codeset, "UTF-8") == 0 || std::strcmp(codeset, "utf8") == 0);
    return utf8 ? core::Charset::Unicode : core::Charset::Ascii;
}

int report_db_error(const cli::DbError& e) {
    std::cerr << "partman_ext: error: " << e.what() << "\n";
    if (!e.detail().empty()) std::cerr << "DETAIL:  " << e.detail() << "\n";
    if (!e.hint().empty()) std::cerr << "HINT:  " << e.hint() << "\n";
    return kUnknown;
}

int run(const cli::Options& o) {
    cli::PqDb db(o);
    if (db.query("SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'partman_ext'", {}).rows.empty())
        throw cli::DbError("the extension partman_ext is not installed in database \"" + db.database() + "\"", "",
                           "", "CREATE EXTENSION partman_ext; (or connect to the database that has it: -d DBNAME)");
    for (const auto& [name, value] : o.settings) db.query("SELECT pg_catalog.set_config($1, $2, false)", {name, value});
    db.query("SELECT pg_catalog.set_config('datestyle', 'ISO, YMD', false)", {});

    const cli::Output out = cli::run_command(db, o);
    cli::RenderStyle style;
    style.bars.width = o.bar_width;
    style.bars.charset = o.charset.value_or(locale_charset());
    std::cout << (o.format == cli::Format::Json ? cli::render_json(out) : cli::render_text(out, style));
    std::cout.flush();
    return cli::exit_status(out);
}

}  // namespace

}  // namespace pmx

using namespace pmx;

int main(int argc, char** argv) {
    cli::Options o;
    try {
        o = cli::parse_args(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const cli::UsageError& e) {
        std::cerr << "partman_ext: " << e.what() << "\n"
                  << "Try \"partman_ext --help\" for more information.\n";
        return kUnknown;
    }
    if (o.help) {
        std::cout << cli::usage_text();
        return 0;
    }
    if (o.version) {
        std::cout << cli::version_text();
        return 0;
    }
    try {
        return run(o);
    } catch (const cli::DbError& e) {
        return report_db_error(e);
    } catch (const std::exception& e) {
        std::cerr << "partman_ext: error: " << e.what() << "\n";
        return kUnknown;
    }
}
