// Reading a partition set from the catalog: the parent, its partition key, and every partition's
// bounds taken from the relcache partition descriptor (never from names).
#pragma once

#include "core/interval.hpp"
#include "pg/guard.hpp"

extern "C" {
#include "utils/snapshot.h"
}

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

enum class KeyType { TimestampTz, Timestamp, Date, Int2, Int4, Int8, Unsupported };
const char* key_type_name(KeyType t);
// The KeyType of a partition key column's type (Unsupported for any other type).
KeyType key_type_of(Oid type);

// Maps key values to the int64 "set units" the core works in: local time (µs since 2000-01-01
// in the set's time zone) for time keys, the value itself for integer keys. Intervals shorter
// than a day are counted in UTC for timestamptz keys, so DST never makes an empty or
// overlapping partition; day and month intervals follow the set's time zone.
class ValueMap {
public:
    ValueMap(KeyType type, const std::string& time_zone, const core::Interval& iv);
    KeyType type() const { return type_; }
    // Key Datum -> set units.
    int64_t to_units(Datum d) const;
    // A key value printed as text (e.g. by SPI) -> set units.
    int64_t units_from_text(const std::string& text) const;
    // Set units -> a SQL literal usable in FOR VALUES / WHERE (ISO 8601 with offset, or a number).
    std::string to_literal(int64_t units) const;
    // Set units -> text as a person reads it (bounds in list_partitions).
    std::string to_display(int64_t units) const;
    // "now" in set units (time sets); integer sets have no clock.
    int64_t now_units() const;
    // units minus a PostgreSQL interval (retention cutoff), using PostgreSQL's interval arithmetic.
    int64_t minus_interval(int64_t units, const std::string& interval_text) const;
    // units plus a PostgreSQL interval (when a partition falls behind retention).
    int64_t plus_interval(int64_t units, const std::string& interval_text) const;
    // Time sets: set units -> the instant (TimestampTz) they denote in the set's time zone.
    int64_t to_instant(int64_t units) const;
    // True when two values in set units denote the same key value (a DST-skipped local time and
    // the instant PostgreSQL maps it to).
    bool same_instant(int64_t a, int64_t b) const;
    // True when the value fits the key type (int2/int4 ranges, date/timestamp ranges).
    bool representable(int64_t units) const;

private:
    int64_t local_to_instant(int64_t local) const;
    int64_t wall_to_instant(int64_t local) const;
    int64_t instant_to_local(int64_t instant) const;
    KeyType type_;
    void* tz_;     // pg_tz*
    bool in_utc_;  // sub-day intervals: local time is UTC
};

struct PartitionInfo {
    Oid oid = InvalidOid;
    // Names are looked up on first use (maintenance with nothing to do never needs them).
    const std::string& name() const;
    const std::string& schema() const;
    bool is_default = false;
    bool lo_open = false, hi_open = false;  // MINVALUE / MAXVALUE (or -infinity / infinity, see below)
    bool lo_infinite = false, hi_infinite = false;  // open because the bound is -infinity / infinity
    Datum lo_datum = 0, hi_datum = 0;
    int64_t lo = 0, hi = 0;  // set units (valid when not open)

private:
    void load_names() const;
    mutable std::string schema_, name_;
};

struct ParentInfo {
    Oid oid = InvalidOid;
    std::string schema, name;
    Oid owner = InvalidOid;
    char strategy = 0;  // 'r' range, 'l' list, 'h' hash
    int key_count = 0;
    bool key_is_expression = false;
    std::string key_column;
    Oid key_type_oid = InvalidOid;
    KeyType key_type = KeyType::Unsupported;
    std::optional<PartitionInfo> default_partition;
    std::vector<PartitionInfo> partitions;  // non-default; range bounds filled when a map is given
    std::string qualified() const;
};

// A range bound as people read it: MINVALUE / MAXVALUE, or the key type's text (also '-infinity'
// and 'infinity', which maintenance treats like MINVALUE / MAXVALUE).
std::string bound_text(const PartitionInfo& p, bool upper, Oid key_type);

// Converts the range bounds of info (Datums) to set units.
void apply_map(ParentInfo& info, const ValueMap& map);

// Opens the parent with AccessShareLock (kept until end of transaction) and reads its key and
// partitions (RANGE parents on one integer/date/timestamp column from the session cache of
// range_bounds.hpp, others from the relcache partition descriptor; the same result either way). Throws UserError when relid is not a partitioned table. Range bounds are kept as
// Datums (valid while the lock is held); with a map they are also converted to set units.
ParentInfo read_parent(Oid relid, const ValueMap* map);

// AccessShareLock on relid (kept to the end of the transaction) if nobody holds a conflicting lock;
// false otherwise, or when it is gone. For readers that must never wait (monitoring, health).
bool lock_now(Oid relid);

// "schema"."name" of a relation, always schema-qualified and quoted (safe under any search_path).
std::string qualified_name(Oid relid);

// Every figure below reads the shards when relid is a Citus table (src/pg/citus.hpp): the
// coordinator's own relation is an empty shell there.
// Planner statistics (pg_class.reltuples, -1 when never analyzed) of a relation. Citus: the sum
// over its shards of reltuples scaled to each shard's size, -1 when unknown.
int64_t estimated_rows(Oid relid);
// Total bytes of a relation (pg_total_relation_size). Citus: of all its shard placements, as
// citus_total_relation_size counts them; nullopt when a shard cannot be read now.
std::optional<int64_t> total_bytes(Oid relid);
// Rows of a table and, for a partitioned one, of all its leaves: pg_class.reltuples, or for a
// table never analyzed the planner's density estimate (blocks x tuples per block from the
// column widths). No table scan.
int64_t planner_rows(Oid relid);
// Catalog estimate of a table's size: pg_class.relpages x block size of the table, its TOAST
// table and its indexes (updated by VACUUM, ANALYZE and CREATE INDEX; no file access).
// Citus: total_bytes of its shards.
std::optional<int64_t> estimated_bytes(Oid relid);
// True when the relation has no blocks at all (certainly empty, no scan needed). Relations
// without storage (a partitioned or foreign default) are never "certainly empty". Citus: no shard
// has a block (every shard read now).
bool has_no_blocks(Oid relid);
// Output text of a key Datum.
std::string datum_text(Datum d, Oid type);

// Who may maintain or change a partition set, the one rule (SQL: partman_ext._may_maintain):
// the caller has the privileges of relid's owner or of partman_ext_admin; superusers always.
// Privileges of a role are PostgreSQL's has_privs_of_role: a NOINHERIT member of
// partman_ext_admin has them only after SET ROLE partman_ext_admin. False when relid is gone.
bool owner_or_admin(Oid relid);
// The caller has the privileges of partman_ext_admin (or is a superuser): jobs of every set.
bool is_admin();
// The caller has the privileges of role (has_privs_of_role; superusers always).
bool acts_as(Oid role);
Oid extension_owner();

// Two pieces for code that reads partman_ext's own tables directly, inside pg::call (both may raise
// ERROR): the relation `name` in the partman_ext schema (InvalidOid while the extension is not
// installed), and the snapshot a statement that may write would take now (what SPI takes): a new
// one in READ COMMITTED, the transaction's in REPEATABLE READ, with the current command id, so the
// transaction's own earlier changes are seen. The snapshot is registered: UnregisterSnapshot it.
Oid extension_relid(const char* name);
Snapshot statement_snapshot();

}  // namespace pg

}  // namespace pmx
