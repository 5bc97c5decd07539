// _boundary_selftest(kind), in the test-only module partman_ext_test (test/module/Makefile):
// exercises the C++/PostgreSQL error boundary from SQL so the regression tests can prove that
// errors on both sides reach the client as SQL errors and that C++ destructors run. Never part of
// the product: the tests create the SQL function themselves.
#include "pg/guard.hpp"
#include "pg/spi.hpp"

extern "C" {
#include "utils/builtins.h"
#include "utils/memutils.h"
}

#include <cstring>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

extern "C" {
PG_MODULE_MAGIC;
PGDLLEXPORT void _PG_init(void);
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

PMX_FUNCTION(partman_boundary_selftest);

// This library has its own copy of the boundary code (src/pg/guard.cpp): its own callbacks.
extern "C" PGDLLEXPORT void _PG_init(void) { pg::register_boundary_callbacks(); }

namespace {
int destructors_run = 0;

struct Tracked {
    std::vector<std::string> payload{"heap", "allocated", "strings"};
    ~Tracked() { ++destructors_run; }
};

// Where the errors of a nested pg::entry are reported: 1 when a UserError reports the line that
// threw it, plus 2 when another C++ exception reports the line of the pg::entry (this file both
// times, and never guard.cpp). The entries' ERRORs are caught by pg::call as PgError.
int error_locations() {
    int throw_line = 0, entry_line = 0, found = 0;
    auto reported_at = [](const pg::PgError& e, int line) {
        const ErrorData* d = e.data();
        return d && d->filename && std::strcmp(d->filename, "selftest.cpp") == 0 && d->lineno == line;
    };
    try {
        pg::call([&] {
            return pg::entry([&]() -> Datum {
                throw_line = __LINE__ + 1;
                throw pg::UserError(ERRCODE_INVALID_PARAMETER_VALUE, "thrown to see where it is reported");
            });
        });
    } catch (const pg::PgError& e) {
        if (reported_at(e, throw_line)) found |= 1;
    }
    try {
        entry_line = __LINE__ + 1;
        pg::call([&] { return pg::entry([]() -> Datum { throw std::runtime_error("no place of its own"); }); });
    } catch (const pg::PgError& e) {
        if (reported_at(e, entry_line)) found |= 2;
    }
    return found;
}

Datum run(FunctionCallInfo fcinfo) {
    const char* arg = pg::call([&] { return static_cast<const char*>(text_to_cstring(PG_GETARG_TEXT_PP(0))); });
    if (std::strcmp(arg, "unwrapped_error") == 0) {
        // Breaks the rule on purpose (before any C++ object exists): an ERROR raised outside
        // pg::call longjmps over pg::entry, so the entry never pops its error context. The
        // transaction callbacks must forget it.
        ereport(ERROR, (errcode(ERRCODE_RAISE_EXCEPTION), errmsg("an ERROR that skips pg::entry on purpose")));
    }
    std::string kind = arg;
    if (kind == "destructors") return Int32GetDatum(destructors_run);
    // Error contexts open now: 1 inside this call, however earlier calls ended.
    if (kind == "contexts") return Int32GetDatum(pg::detail::error_context_depth());
    if (kind == "locations") return Int32GetDatum(error_locations());
    if (kind == "nested_contexts") {
        // A nested call skips its entry's exit inside a PL/pgSQL exception block (a subtransaction
        // that aborts): its frame is forgotten, this call's own frame stays (1).
        pg::Spi spi;
        pg::exec("DO $$ BEGIN PERFORM public._boundary_selftest('unwrapped_error'); "
                 "EXCEPTION WHEN raise_exception THEN NULL; END $$");
        return Int32GetDatum(pg::detail::error_context_depth());
    }
    Tracked guard_object;  // must be destroyed however the call ends
    auto owned = std::make_unique<Tracked>();
    if (kind == "pg_error") {
        // PostgreSQL raises division_by_zero (22012) while C++ objects are alive.
        pg::call([] { return DatumGetInt32(DirectFunctionCall2(int4div, Int32GetDatum(1), Int32GetDatum(0))); });
    } else if (kind == "spi_error") {
        // An ERROR inside SPI: the SPI connection (and its memory) is gone before the error is re-raised.
        pg::Spi spi;
        pg::query("SELECT 1 / 0");
    } else if (kind == "cpp_exception") {
        throw std::runtime_error("thrown by C++ code on purpose");
    } else if (kind == "bad_alloc") {
        throw std::bad_alloc();
    } else if (kind == "user_error") {
        throw pg::UserError(ERRCODE_INVALID_PARAMETER_VALUE, "a user error on purpose", "with a detail", "and a hint");
    } else if (kind == "palloc_huge") {
        // An out-of-memory ERROR from palloc inside the guard.
        pg::call([] { return static_cast<void*>(palloc(MaxAllocSize + 1)); });
    } else if (kind != "ok") {
        throw pg::UserError(ERRCODE_INVALID_PARAMETER_VALUE, "unknown self-test kind \"" + kind + "\"", "",
                            "Use ok, pg_error, spi_error, cpp_exception, bad_alloc, user_error, palloc_huge, unwrapped_error, contexts, nested_contexts, locations or destructors.");
    }
    return Int32GetDatum(destructors_run);
}
}  // namespace

Datum partman_boundary_selftest(PG_FUNCTION_ARGS) {
    return pg::entry([&] { return run(fcinfo); });
}

}  // namespace pmx
