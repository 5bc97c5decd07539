// A session cache of the partitions of RANGE-partitioned parents with one key column of an integer,
// date or timestamp type: what maintenance reads for every set on every pass.
//
// Why: in a new session, PostgreSQL's relcache partition descriptor costs most of an idle
// maintenance pass (building it copies every partition's pg_class row into the catcache and sorts
// all bounds), although a pass only needs each partition's two bound values. This cache reads them
// straight from pg_inherits and pg_class (each relpartbound parsed with PostgreSQL's stringToNode),
// without opening the parent's relcache entry.
//
// Correctness: an entry is dropped by any relcache invalidation of its parent. ATTACH, DETACH,
// CREATE .. PARTITION OF, DROP of a partition and ALTER TABLE on the parent all send one, and a
// rolled-back (sub)transaction replays its own; the lock on the parent, taken before an entry is
// used, processes every invalidation pending. So an entry is exactly as current as the relcache
// descriptor would be. Rebuilding an entry re-reads pg_inherits; a partition whose pg_inherits row
// is the same version as at the last read (TID and xmin) keeps the bounds read then (a bound is
// stored and removed only together with that row), so after maintenance created a few partitions
// only those are read from pg_class. Parents with a partition pending DETACH CONCURRENTLY, expression keys, more
// than one key column or other key types are not cached (read_parent uses the relcache).
#pragma once

#include "pg/catalog.hpp"

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

// Takes AccessShareLock on relid (kept to the end of the transaction; waits under lock_timeout like
// relation_open) and, when relid is a cacheable RANGE parent, fills `out` (key and partitions in
// bound order, Datums by value; names of the parent filled, of partitions loaded on first use)
// and returns true. False: not cacheable, gone, or not a partitioned table — the caller reads it
// through the relcache (which raises the proper error). May throw PgError.
bool read_range_parent(Oid relid, ParentInfo& out);

}  // namespace pg

}  // namespace pmx
