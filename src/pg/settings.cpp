// partman_ext GUCs.
#include "pg/settings.hpp"

#include "pg/guard.hpp"

#include <climits>

extern "C" {
#include "utils/guc.h"
}

namespace pmx {

int default_lock_timeout_ms = 2000;

void define_settings() {
    DefineCustomIntVariable("partman_ext.lock_timeout",
                            "Default lock_timeout for partman_ext DDL on sets that name none.",
                            "Each DDL statement waits at most this long for its lock, then is skipped and retried later.",
                            &default_lock_timeout_ms, 2000, 1, INT_MAX, PGC_SUSET, GUC_UNIT_MS, nullptr, nullptr,
                            nullptr);
}

}  // namespace pmx
