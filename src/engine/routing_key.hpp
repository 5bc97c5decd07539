// Native evaluation of common partition key expressions for get_partition_for_value (routing.cpp).
//
// A key expression such as mod(hashtext(id::text), 100) or ((hashtext(id::text)::bigint & 2147483647) % 100)
// is compiled once per router into a small tree of native operations that computes, from the value
// of the key column, the same result as PostgreSQL's executor: uuid/integer -> text output
// conversion without palloc, hashtext / uuid_hash / hashint2/4/8 through hash_bytes, and integer
// mod, &, abs and casts. Functions are recognised by their C entry point (fmgr fn_addr), so every
// SQL spelling of the same built-in (mod(), %, int4mod()) is covered and nothing else is.
//
// Exactness: an operation that would raise an ERROR in PostgreSQL (division by zero, integer out
// of range) or input the native code does not handle (a toasted text value) makes eval() return
// false; the caller then evaluates the key with the executor, which raises the real error. A key
// expression containing anything else is not compiled (compile() returns nullptr).
#pragma once

extern "C" {
#include "postgres.h"
#include "fmgr.h"
#include "nodes/primnodes.h"
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace routing {

struct KeyOp;

// Compiles expr (a partition key expression over column value_attno, as in PartitionKey.partexprs)
// in the current memory context. nullptr when some part of it has no exact native form.
// Looks up catalog entries (output functions, collations): call under pg::call.
KeyOp* compile_key(Node* expr, AttrNumber value_attno);

// The key for a non-NULL column value. false: evaluate with the executor instead. Never raises.
bool eval_key(const KeyOp* op, Datum value, Datum* key);

// A partition support function (btree comparison or extended hash) that is a built-in which
// never raises: int2/int4/int8, date, timestamp[tz] and uuid. Calling it needs no pg::call.
bool support_cannot_raise(PGFunction fn);

}  // namespace routing

}  // namespace pmx
