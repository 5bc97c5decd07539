// partman_boundary_selftest: the C symbol of partman_ext._boundary_selftest(text), which the
// frozen 0.1.0 install script declares (a library must keep every symbol an installed version's
// SQL references). Since 0.2.0 the self-test lives in the test-only module partman_ext_test
// (test/module); here it only says so. ALTER EXTENSION partman_ext UPDATE drops the function.
#include "pg/guard.hpp"

namespace pmx {  // the project's one namespace (docs/architecture.md)

PMX_FUNCTION(partman_boundary_selftest);

Datum partman_boundary_selftest(PG_FUNCTION_ARGS) {
    return pg::entry([&]() -> Datum {
        (void)fcinfo;
        throw pg::UserError(ERRCODE_FEATURE_NOT_SUPPORTED,
                            "partman_ext._boundary_selftest() moved to the test module; ALTER EXTENSION partman_ext UPDATE removes it",
                            "The C++/PostgreSQL boundary self-test is not part of partman_ext since 0.2.0: the test "
                            "suite builds it in a test-only module (test/module).",
                            "Run ALTER EXTENSION partman_ext UPDATE.");
    });
}

}  // namespace pmx
