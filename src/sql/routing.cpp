// Routing lookups: partman_ext.get_partition_for_value(parent regclass, value anyelement) RETURNS
// regclass, its batch form get_partitions_for_values(parent regclass, "values" anyarray) RETURNS
// regclass[], and partman_ext.get_partition_for_collection(collection_id uuid [, parent regclass])
// RETURNS regclass (0.1.0's definition: RETURNS text). The work: src/engine/routing.cpp.
#include "engine/routing.hpp"
#include "pg/guard.hpp"

extern "C" {
#include "utils/builtins.h"
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

PMX_FUNCTION(partman_get_partition_for_value);
PMX_FUNCTION(partman_get_partitions_for_values);
PMX_FUNCTION(partman_get_partition_for_collection);
PMX_FUNCTION(partman_get_partition_for_collection_regclass);

namespace {

// Everything but the fast path: building the router, the executor, and every error.
Datum route_value_slow(FunctionCallInfo fcinfo) {
    return pg::entry([&]() -> Datum {
        if (PG_ARGISNULL(0)) PG_RETURN_NULL();
        Oid parent = PG_GETARG_OID(0);
        FmgrInfo* flinfo = fcinfo->flinfo;
        // The call site (and so the argument's type) of an flinfo never changes.
        Oid argtype = routing::cached_argtype(flinfo);
        if (!OidIsValid(argtype)) argtype = get_fn_expr_argtype(flinfo, 1);
        if (!OidIsValid(argtype))
            throw pg::UserError(ERRCODE_INDETERMINATE_DATATYPE, "could not determine the type of the value",
                                "get_partition_for_value takes a value of any type.", "Cast the value, e.g. 42::bigint.");
        bool isnull = PG_ARGISNULL(1);
        Datum value = isnull ? (Datum)0 : PG_GETARG_DATUM(1);
        PG_RETURN_OID(routing::route_value(flinfo, parent, argtype, value, isnull));
    });
}

}  // namespace

extern "C" Datum partman_get_partition_for_value(PG_FUNCTION_ARGS) {
    // The common case, once this call site's router is built: native code that neither raises an
    // ERROR nor throws (route_fast is noexcept and calls no PostgreSQL function that can fail), so
    // it runs before any pg::entry; a call it cannot answer takes the guarded path.
    Oid part = InvalidOid;
    if (!PG_ARGISNULL(0) && !PG_ARGISNULL(1) && routing::route_fast(fcinfo->flinfo, PG_GETARG_OID(0), PG_GETARG_DATUM(1), &part))
        PG_RETURN_OID(part);
    return route_value_slow(fcinfo);
}

// get_partitions_for_values(parent regclass, "values" anyarray) RETURNS regclass[]: the batch form.
extern "C" Datum partman_get_partitions_for_values(PG_FUNCTION_ARGS) {
    return pg::entry([&]() -> Datum {
        PG_RETURN_ARRAYTYPE_P(routing::route_array(fcinfo->flinfo, PG_GETARG_OID(0), PG_GETARG_DATUM(1)));
    });
}

// 0.2.0: the partition as regclass.
extern "C" Datum partman_get_partition_for_collection_regclass(PG_FUNCTION_ARGS) {
    return pg::entry([&]() -> Datum {
        if (PG_ARGISNULL(0)) PG_RETURN_NULL();
        Datum value = PG_GETARG_DATUM(0);
        bool named = PG_NARGS() > 1;
        if (named && PG_ARGISNULL(1)) PG_RETURN_NULL();
        Oid parent_arg = named ? PG_GETARG_OID(1) : InvalidOid;
        PG_RETURN_OID(routing::route_collection_oid(fcinfo->flinfo, named, parent_arg, value));
    });
}

// 0.1.0's definition: the partition's name (without schema) as text.
extern "C" Datum partman_get_partition_for_collection(PG_FUNCTION_ARGS) {
    return pg::entry([&]() -> Datum {
        if (PG_ARGISNULL(0)) PG_RETURN_NULL();
        Datum value = PG_GETARG_DATUM(0);
        bool named = PG_NARGS() > 1;
        if (named && PG_ARGISNULL(1)) PG_RETURN_NULL();
        Oid parent_arg = named ? PG_GETARG_OID(1) : InvalidOid;
        PG_RETURN_TEXT_P(routing::route_collection(fcinfo->flinfo, named, parent_arg, value));
    });
}

}  // namespace pmx
