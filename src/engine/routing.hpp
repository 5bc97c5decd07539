// Routing a key to its partition exactly as PostgreSQL's tuple routing does (routing.cpp says how).
// A router (key, support functions, bounds, expression states, the sub-partition tree) is built
// once per call site and cached in its FmgrInfo's fn_extra, rebuilt after a relcache invalidation
// or in a new transaction.
#pragma once

extern "C" {
#include "postgres.h"
#include "fmgr.h"
#include "utils/array.h"
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace routing {

// The argument type of the router cached at this call site (InvalidOid: none yet).
Oid cached_argtype(FmgrInfo* flinfo) noexcept;

// The fast path: when the router cached at this call site is fresh for parent and routes the
// non-NULL value by native code alone, sets *part and returns true. Never raises an ERROR and never throws, so the SQL entry
// point may call it before its pg::entry (no pg::call needed).
bool route_fast(FmgrInfo* flinfo, Oid parent, Datum value, Oid* part) noexcept;

// The partition of every element of values (any dimensions; element type as for route_value), as
// a regclass array of the same shape: element i is where PostgreSQL would route a row whose key
// column holds values[i]. Raises what route_value raises, for the first element that fails.
ArrayType* route_array(FmgrInfo* flinfo, Oid parent, Datum values);

// The partition for a value (or a whole row of the parent), building the router when needed.
// Raises PostgreSQL's own errors (as pg::PgError): not partitioned, no cast, no partition.
Oid route_value(FmgrInfo* flinfo, Oid parent, Oid argtype, Datum value, bool isnull);

// get_partition_for_collection: the partition of `parent` (named) or of "chunks" in the
// search_path that takes the uuid.
Oid route_collection_oid(FmgrInfo* flinfo, bool named, Oid parent, Datum uuid);

// 0.1.0's get_partition_for_collection: that partition's name (without schema) as text, palloc'd
// in the caller's context.
text* route_collection(FmgrInfo* flinfo, bool named, Oid parent, Datum uuid);

}  // namespace routing

}  // namespace pmx
