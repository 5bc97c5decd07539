// The commands of the partman_ext client: the SQL each one runs against the extension's public
// views and functions, and what it makes of the rows (pure C++ over the Db interface).
//
// Every query names the columns it reads, so a column the extension adds does not change the
// output, and reads every value as text, so a column whose type changes (a name becoming
// regclass) still prints. Rows reach JSON through PostgreSQL's to_json.
#pragma once

#include "cli/lib/options.hpp"
#include "cli/lib/output.hpp"
#include "cli/lib/result.hpp"

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace cli {

// Runs o.command. Throws DbError (also for a --parent that is not a registered set).
Output run_command(Db& db, const Options& o);

}  // namespace cli

}  // namespace pmx
