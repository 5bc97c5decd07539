// libpq connection of the partman_ext client; see pq.hpp.
#include "cli/pq.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <termios.h>
#include <unistd.h>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace cli {
namespace {

// Reads a password from the terminal without echo (psql's simple_prompt); empty without one.
std::string prompt_password(const std::string& user) {
    FILE* tty = std::fopen("/dev/tty", "r+");
    FILE* in = tty ? tty : stdin;
    FILE* out = tty ? tty : stderr;
    std::fprintf(out, "Password for user %s: ", user.c_str());
    std::fflush(out);
    termios old_mode{};
    const bool is_term = tcgetattr(fileno(in), &old_mode) == 0;
    if (is_term) {
        termios quiet = old_mode;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(fileno(in), TCSAFLUSH, &quiet);
    }
    char buf[1024] = {0};
    std::string password;
    if (std::fgets(buf, sizeof buf, in)) {
        password = buf;
        if (!password.empty() && password.back() == '\n') password.pop_back();
    }
    if (is_term) tcsetattr(fileno(in), TCSAFLUSH, &old_mode);
    std::fprintf(out, "\n");
    if (tty) std::fclose(tty);
    return password;
}

std::string field(const PGresult* res, int code) {
    const char* v = PQresultErrorField(res, code);
    return v ? v : "";
}

std::string trimmed(const char* s) {
    std::string m = s ? s : "";
    while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
    return m;
}

}  // namespace

PqDb::PqDb(const Options& o) {
    std::string password;
    bool ask = o.force_password;
    const std::string user_for_prompt = o.user.value_or(std::getenv("PGUSER") ? std::getenv("PGUSER") : "");
    for (;;) {
        if (ask) password = prompt_password(user_for_prompt.empty() ? "(default)" : user_for_prompt);
        std::vector<std::pair<std::string, std::string>> params;
        auto add = [&](const char* k, const std::optional<std::string>& v) {
            if (v) params.emplace_back(k, *v);
        };
        add("host", o.host);
        add("port", o.port);
        add("user", o.user);
        if (ask) add("password", password);
        add("dbname", o.dbname);
        add("fallback_application_name", std::string("partman_ext"));
        if (!std::getenv("PGCLIENTENCODING")) add("client_encoding", std::string("auto"));
        std::vector<const char*> keys, values;
        for (const auto& [k, v] : params) {
            keys.push_back(k.c_str());
            values.push_back(v.c_str());
        }
        keys.push_back(nullptr);
        values.push_back(nullptr);
        conn_ = PQconnectdbParams(keys.data(), values.data(), 1);
        if (!conn_) throw DbError("out of memory while connecting");
        if (PQstatus(conn_) == CONNECTION_OK) return;
        const bool retry = !ask && !o.no_password && PQconnectionNeedsPassword(conn_) && isatty(fileno(stdin));
        if (!retry) {
            std::string message = trimmed(PQerrorMessage(conn_));
            PQfinish(conn_);
            conn_ = nullptr;
            throw DbError(message);
        }
        PQfinish(conn_);
        conn_ = nullptr;
        ask = true;
    }
}

PqDb::~PqDb() {
    if (conn_) PQfinish(conn_);
}

std::string PqDb::database() const { return PQdb(conn_) ? PQdb(conn_) : ""; }

ResultSet PqDb::query(const std::string& sql, const std::vector<Value>& params) {
    std::vector<const char*> values;
    for (const Value& p : params) values.push_back(p ? p->c_str() : nullptr);
    PGresult* res = PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                 values.empty() ? nullptr : values.data(), nullptr, nullptr, 0);
    const ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
        std::string message = res ? field(res, PG_DIAG_MESSAGE_PRIMARY) : "";
        if (message.empty()) message = trimmed(res ? PQresultErrorMessage(res) : PQerrorMessage(conn_));
        DbError e(message, res ? field(res, PG_DIAG_SQLSTATE) : "", res ? field(res, PG_DIAG_MESSAGE_DETAIL) : "",
                  res ? field(res, PG_DIAG_MESSAGE_HINT) : "");
        if (res) PQclear(res);
        throw e;
    }
    ResultSet rs;
    int ncols = PQnfields(res);
    const bool has_json = ncols > 0 && std::strcmp(PQfname(res, ncols - 1), kJsonColumn) == 0;
    const int shown = has_json ? ncols - 1 : ncols;
    for (int c = 0; c < shown; ++c) rs.columns.push_back(Column{PQfname(res, c), kind_of_type(PQftype(res, c))});
    const int nrows = PQntuples(res);
    for (int r = 0; r < nrows; ++r) {
        std::vector<Value> row;
        for (int c = 0; c < shown; ++c)
            row.push_back(PQgetisnull(res, r, c) ? Value() : Value(std::string(PQgetvalue(res, r, c), PQgetlength(res, r, c))));
        rs.rows.push_back(std::move(row));
        if (has_json) rs.json.emplace_back(PQgetvalue(res, r, ncols - 1), PQgetlength(res, r, ncols - 1));
    }
    PQclear(res);
    return rs;
}

}  // namespace cli

}  // namespace pmx
