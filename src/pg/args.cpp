// Arguments found by name (see args.hpp).
#include "pg/args.hpp"

extern "C" {
#include "access/htup_details.h"
#include "catalog/pg_proc.h"
#include "funcapi.h"
#include "utils/syscache.h"
}

#include <cstring>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

std::optional<int> argument_position(FunctionCallInfo fcinfo, const char* name) {
    const Oid fn = fcinfo->flinfo->fn_oid;
    int pos = call([&] {
        HeapTuple tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(fn));
        if (!HeapTupleIsValid(tup)) return -1;
        Oid* types = nullptr;
        char** names = nullptr;
        char* modes = nullptr;
        int n = get_func_arg_info(tup, &types, &names, &modes);
        int found = -1, in_pos = 0;
        for (int i = 0; i < n; ++i) {
            char mode = modes ? modes[i] : PROARGMODE_IN;
            if (mode == PROARGMODE_OUT || mode == PROARGMODE_TABLE) continue;
            if (names && names[i] && strcmp(names[i], name) == 0) found = in_pos;
            ++in_pos;
        }
        ReleaseSysCache(tup);
        return found;
    });
    if (pos < 0 || pos >= PG_NARGS()) return std::nullopt;
    return pos;
}

}  // namespace pg

}  // namespace pmx
