// Taking locks without queueing in front of the application (DESIGN.md §3, §10).
//
// A lock request that has to wait sits in the lock queue, and every later request that conflicts
// with it waits behind it — an INSERT behind a waiting CREATE TABLE .. PARTITION OF waits as long
// as the DDL does, even though the lock it needs is free. partman_ext therefore never waits in
// the queue for the locks of its DDL: it asks for every lock a step needs with a conditional
// request, and when one is not free it gives back what it got, sleeps a little and asks again,
// until the step's lock timeout has passed (then 55P03, like lock_timeout). Application queries
// never queue behind maintenance; maintenance waits at most its timeout; two sessions taking the
// same locks in another order cannot deadlock. lock_timeout stays set as a safety net for locks a
// statement takes that the step did not name.
#pragma once

#include "pg/guard.hpp"

extern "C" {
#include "storage/lockdefs.h"
}

#include <cstdint>
#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

// The advisory-lock class of partition sets (key 2: the parent's OID): maintenance, bucket
// creation and data movement on one set take it, so they never interleave.
constexpr int32 kSetLockClass = 0x706d7845;  // "pmxE"

struct RelationLock {
    Oid relid;
    LOCKMODE mode;
};

// Takes every lock of `locks` (held until the end of the current (sub)transaction), or raises
// ERROR 55P03 naming the relation that stayed busy for timeout_ms. Serves query cancel and
// termination between attempts. A relation dropped meanwhile raises 42P01.
void lock_relations(const std::vector<RelationLock>& locks, int64_t timeout_ms);

// For a step that must happen at some point although the table never rests (the swap of a
// conversion: ACCESS EXCLUSIVE on a table written all the time, where a conditional request
// rarely finds a gap): polls like lock_relations for poll_ms, then waits in the lock queue for at
// most queue_ms (lock_timeout), so that writers queue behind it no longer than that. 55P03 when
// both fail; the caller tries again later.
void lock_relations_or_queue(const std::vector<RelationLock>& locks, int64_t poll_ms, int64_t queue_ms);

// Takes the transaction-level advisory lock (key1, key2) in ExclusiveLock mode the same way;
// `what` names the object in the 55P03 message (e.g. "partition set public.events"). Returns
// false when the lock was free at the first attempt, true when it had to wait for it.
bool lock_advisory(int32 key1, int32 key2, int64_t timeout_ms, const std::string& what);

// Regular locks this backend holds now: what GetLockStatusData lists for our pid (one entry per
// lock object, whatever its modes; pg_locks shows one row per mode), not predicate locks (those
// live in a table of their own). Read from our own PGPROC, no SQL: O(locks we hold).
int64_t locks_held();

}  // namespace pg

}  // namespace pmx
