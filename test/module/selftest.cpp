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

#include <memory>
#include <new>
#include <string>
#include <vector>

extern "C" {
PG_MODULE_MAGIC;
PGDLLEXPORT Datum partman_boundary_selftest(PG_FUNCTION_ARGS);
PG_FUNCTION_INFO_V1(partman_boundary_selftest);
}

namespace {
int destructors_run = 0;

struct Tracked {
    std::vector<std::string> payload{"heap", "allocated", "strings"};
    ~Tracked() { ++destructors_run; }
};

Datum run(FunctionCallInfo fcinfo) {
    std::string kind = pg::call([&] { return static_cast<const char*>(text_to_cstring(PG_GETARG_TEXT_PP(0))); });
    if (kind == "destructors") return Int32GetDatum(destructors_run);
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
                            "Use ok, pg_error, spi_error, cpp_exception, bad_alloc, user_error, palloc_huge or destructors.");
    }
    return Int32GetDatum(destructors_run);
}
}  // namespace

Datum partman_boundary_selftest(PG_FUNCTION_ARGS) {
    return pg::entry([&] { return run(fcinfo); });
}
