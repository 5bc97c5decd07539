// The partman_ext client's connection to PostgreSQL through libpq (the only file besides main.cpp
// that includes libpq-fe.h).
#pragma once

#include "cli/lib/options.hpp"
#include "cli/lib/result.hpp"

#include <libpq-fe.h>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace cli {

class PqDb : public Db {
public:
    // Connects as psql does: -h -p -U -d (a name, conninfo string or URI), the PG* variables for
    // the rest, a password prompt when the server asks for one (unless -w) or first with -W.
    // Throws DbError when it cannot connect.
    explicit PqDb(const Options& o);
    ~PqDb() override;
    PqDb(const PqDb&) = delete;
    PqDb& operator=(const PqDb&) = delete;

    ResultSet query(const std::string& sql, const std::vector<Value>& params) override;
    std::string database() const;

private:
    PGconn* conn_ = nullptr;
};

}  // namespace cli

}  // namespace pmx
