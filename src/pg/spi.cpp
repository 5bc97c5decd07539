// SPI, GUC, role and subtransaction helpers (see spi.hpp).
#include "pg/spi.hpp"

extern "C" {
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/resowner.h"
}

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <exception>
#include <unordered_map>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

std::string ident(const std::string& name) {
    return call([&] { return quote_identifier(name.c_str()); });
}

std::string qualified(const std::string& schema, const std::string& name) {
    return ident(schema) + "." + ident(name);
}

std::string literal(const std::string& value) {
    return call([&] { return static_cast<const char*>(quote_literal_cstr(value.c_str())); });
}

Param text_param(const std::optional<std::string>& v) { return Param{TEXTOID, v}; }
Param int8_param(std::optional<int64_t> v) {
    return Param{INT8OID, v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt};
}
Param oid_param(Oid v) { return Param{OIDOID, std::to_string(v)}; }
Param bool_param(bool v) { return Param{BOOLOID, std::string(v ? "t" : "f")}; }

Param text_array_param(const std::vector<std::optional<std::string>>& v) {
    std::string out = "{";
    for (size_t i = 0; i < v.size(); ++i) {
        if (i) out += ',';
        if (!v[i]) {
            out += "NULL";
            continue;
        }
        out += '"';
        for (char c : *v[i]) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    out += '}';
    return Param{TEXTARRAYOID, out};
}

Spi::Spi() {
    int rc = call([] { return SPI_connect(); });
    if (rc != SPI_OK_CONNECT) throw std::runtime_error("SPI_connect failed");
}

Spi::~Spi() {
    // SPI_finish only fails when not connected; never longjmp out of a destructor.
    PG_TRY();
    {
        SPI_finish();
    }
    PG_CATCH();
    {
        FlushErrorState();
    }
    PG_END_TRY();
}

namespace {

bool binary_column(Oid type) {
    return type == INT2OID || type == INT4OID || type == INT8OID || type == OIDOID || type == BOOLOID;
}

[[noreturn]] void unexpected_null(const Rows& rows, size_t c) {
    throw std::logic_error("partman_ext: unexpected NULL in column \"" + rows.columns.at(c) + "\" of a query result");
}

}  // namespace

std::optional<int64_t> Rows::int8_or_null(size_t r, size_t c) const {
    if (binary_column(types.at(c))) return values.at(r).at(c);
    const std::optional<std::string>& v = at(r, c);
    if (!v) return std::nullopt;
    int64_t n = 0;
    const char* end = v->data() + v->size();
    auto [p, ec] = std::from_chars(v->data(), end, n);
    if (ec == std::errc() && p == end) return n;
    char* stop = nullptr;  // a numeric or float column: its value rounded
    double d = std::strtod(v->c_str(), &stop);
    if (stop != v->c_str() && *stop == '\0' && d >= -9.2e18 && d <= 9.2e18) return std::llround(d);
    throw std::logic_error("partman_ext: \"" + *v + "\" in column \"" + columns.at(c) + "\" is not a number");
}

std::optional<bool> Rows::boolean_or_null(size_t r, size_t c) const {
    if (types.at(c) == BOOLOID) {
        const std::optional<int64_t>& v = values.at(r).at(c);
        return v ? std::optional<bool>(*v != 0) : std::nullopt;
    }
    const std::optional<std::string>& t = at(r, c);  // a text column holding a boolean (e.g. ->> of JSON)
    if (!t) return std::nullopt;
    if (*t == "t" || *t == "true") return true;
    if (*t == "f" || *t == "false") return false;
    throw std::logic_error("partman_ext: \"" + *t + "\" in column \"" + columns.at(c) + "\" is not a boolean");
}

int64_t Rows::int8(size_t r, size_t c) const {
    std::optional<int64_t> v = int8_or_null(r, c);
    if (!v) unexpected_null(*this, c);
    return *v;
}

bool Rows::boolean(size_t r, size_t c) const {
    std::optional<bool> v = boolean_or_null(r, c);
    if (!v) unexpected_null(*this, c);
    return *v;
}

namespace {

// Converts parameters to Datums with each type's input function (palloc'd in the current context).
void bind(std::initializer_list<Param> params, std::vector<Oid>& types, std::vector<Datum>& values,
          std::vector<char>& nulls) {
    for (const Param& p : params) {
        types.push_back(p.type);
        if (!p.text) {
            values.push_back(0);
            nulls.push_back('n');
            continue;
        }
        Oid type = p.type;
        const char* s = p.text->c_str();
        Datum d = call([&] {
            Oid input, ioparam;
            getTypeInputInfo(type, &input, &ioparam);
            return OidInputFunctionCall(input, const_cast<char*>(s), ioparam, -1);
        });
        values.push_back(d);
        nulls.push_back(' ');
    }
}

Rows collect(int rc) {
    if (rc < 0) throw std::runtime_error(std::string("SPI error: ") + SPI_result_code_string(rc));
    Rows out;
    out.processed = SPI_processed;
    SPITupleTable* tt = SPI_tuptable;
    if (!tt) return out;
    TupleDesc desc = tt->tupdesc;
    for (int c = 0; c < desc->natts; ++c) {
        out.columns.emplace_back(NameStr(TupleDescAttr(desc, c)->attname));
        out.types.push_back(TupleDescAttr(desc, c)->atttypid);
    }
    out.rows.reserve(SPI_processed);
    out.values.reserve(SPI_processed);
    for (uint64 r = 0; r < SPI_processed; ++r) {
        std::vector<std::optional<std::string>> row;
        std::vector<std::optional<int64_t>> vals(desc->natts);
        row.reserve(desc->natts);
        HeapTuple tup = tt->vals[r];
        for (int c = 1; c <= desc->natts; ++c) {
            const Oid type = out.types[c - 1];
            if (binary_column(type)) {
                bool isnull = false;
                Datum d = call([&] { return SPI_getbinval(tup, desc, c, &isnull); });
                if (isnull) {
                    row.emplace_back(std::nullopt);
                    continue;
                }
                int64_t v = type == INT8OID   ? DatumGetInt64(d)
                            : type == INT4OID ? DatumGetInt32(d)
                            : type == INT2OID ? DatumGetInt16(d)
                            : type == OIDOID  ? static_cast<int64_t>(DatumGetObjectId(d))
                                              : (DatumGetBool(d) ? 1 : 0);
                vals[c - 1] = v;
                row.emplace_back(type == BOOLOID ? std::string(v ? "t" : "f") : std::to_string(v));
                continue;
            }
            char* v = call([&] { return SPI_getvalue(tup, desc, c); });
            row.push_back(v ? std::optional<std::string>(v) : std::nullopt);
        }
        out.rows.push_back(std::move(row));
        out.values.push_back(std::move(vals));
    }
    call([&] { SPI_freetuptable(tt); });  // copied out: free it now, not at SPI_finish
    return out;
}

}  // namespace

Rows query(const std::string& sql, std::initializer_list<Param> params, bool read_only) {
    std::vector<Oid> types;
    std::vector<Datum> values;
    std::vector<char> nulls;
    bind(params, types, values, nulls);
    const char* q = sql.c_str();
    int n = static_cast<int>(types.size());
    int rc = call([&] {
        return SPI_execute_with_args(q, n, types.data(), values.data(), nulls.data(), read_only, 0);
    });
    return collect(rc);
}

Rows query_cached(const std::string& sql, std::initializer_list<Param> params, bool read_only) {
    static std::unordered_map<std::string, SPIPlanPtr> plans;
    std::vector<Oid> types;
    std::vector<Datum> values;
    std::vector<char> nulls;
    bind(params, types, values, nulls);
    auto it = plans.find(sql);
    if (it == plans.end()) {
        const char* q = sql.c_str();
        int n = static_cast<int>(types.size());
        SPIPlanPtr plan = call([&] {
            SPIPlanPtr p = SPI_prepare(q, n, types.data());
            if (p) SPI_keepplan(p);
            return p;
        });
        if (!plan) throw std::runtime_error(std::string("SPI_prepare failed: ") + SPI_result_code_string(SPI_result));
        it = plans.emplace(sql, plan).first;
    }
    SPIPlanPtr plan = it->second;
    int rc = call([&] { return SPI_execute_plan(plan, values.data(), nulls.data(), read_only, 0); });
    return collect(rc);
}

uint64_t exec(const std::string& sql, std::initializer_list<Param> params) {
    return query(sql, params, false).processed;
}

namespace {

// Ends a GUC nest level (AtEOXact_GUC); for destructors and error paths: an ERROR it raises is
// dropped (the level is closed by the transaction's end in any case), never longjmps out.
void close_guc_level(int level) noexcept {
    PG_TRY();
    {
        AtEOXact_GUC(true, level);
    }
    PG_CATCH();
    {
        FlushErrorState();
    }
    PG_END_TRY();
}

}  // namespace

AsUser::AsUser(Oid role) {
    GetUserIdAndSecContext(&saved_user_, &saved_context_);
    guc_level_ = NewGUCNestLevel();
    std::exception_ptr failed;
    try {
        call([] {
            (void)set_config_option("search_path", "pg_catalog, pg_temp", PGC_USERSET, PGC_S_SESSION,
                                    GUC_ACTION_SAVE, true, 0, false);
        });
    } catch (...) {
        failed = std::current_exception();
    }
    if (failed) {
        close_guc_level(guc_level_);  // outside the catch block: it calls PostgreSQL
        std::rethrow_exception(failed);
    }
    SetUserIdAndSecContext(role, saved_context_ | SECURITY_LOCAL_USERID_CHANGE | SECURITY_RESTRICTED_OPERATION);
}

AsUser::~AsUser() {
    SetUserIdAndSecContext(saved_user_, saved_context_);  // plain assignments: cannot fail
    close_guc_level(guc_level_);
}

GucScope::GucScope() : level_(NewGUCNestLevel()) {}

GucScope::~GucScope() { close_guc_level(level_); }

void GucScope::set(const char* name, const std::string& value) {
    const char* v = value.c_str();
    call([&] {
        (void)set_config_option(name, v, PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
    });
}

std::optional<StepError> in_subtransaction(const std::function<void()>& f) {
    MemoryContext oldcxt = CurrentMemoryContext;
    ResourceOwner oldowner = CurrentResourceOwner;
    call([] { BeginInternalSubTransaction(nullptr); });
    MemoryContextSwitchTo(oldcxt);
    auto restore = [&] {
        MemoryContextSwitchTo(oldcxt);
        CurrentResourceOwner = oldowner;
    };
    // What f threw, taken out of the catch blocks: the rollback below calls PostgreSQL.
    ErrorData* failed = nullptr;
    std::exception_ptr other;
    try {
        f();
    } catch (const PgError& e) {
        failed = e.data();  // lives in the entry's memory context, past the rollback
    } catch (...) {
        other = std::current_exception();
    }
    if (!failed && !other) {
        try {
            call([] { ReleaseCurrentSubTransaction(); });
            restore();
            return std::nullopt;
        } catch (const PgError& e) {
            // As in PL/pgSQL: a subtransaction whose release failed is rolled back (below), else
            // the caller would go on inside it and its work would outlive the caller's rollback.
            failed = e.data();
        }
    }
    call([] { RollbackAndReleaseCurrentSubTransaction(); });
    restore();
    if (other) std::rethrow_exception(other);  // C++ exceptions (UserError, bad_alloc, ...) propagate
    // A cancel (statement_timeout, pg_cancel_backend) ends the whole statement, as in PL/pgSQL.
    if (failed->sqlerrcode == ERRCODE_QUERY_CANCELED) throw PgError(failed);
    return StepError{sqlstate_text(failed->sqlerrcode), failed->message ? failed->message : "",
                     failed->detail ? failed->detail : ""};
}

}  // namespace pg

}  // namespace pmx
