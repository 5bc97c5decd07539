// The DDL steps of maintenance. Each runs as the parent's owner; callers wrap them in a
// subtransaction under lock_timeout (see maintenance.cpp).
#pragma once

#include "core/naming.hpp"
#include "engine/sets.hpp"

extern "C" {
#include "access/attnum.h"
}

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

// Per-set facts computed once and reused by every step (grants, storage parameters, columns).
struct SetDdlContext {
    const SetRuntime& rt;
    // The parent's grants as "GRANT <privileges> ON TABLE " + target + " TO <grantee> [WITH GRANT OPTION]".
    struct Grant {
        std::string privileges, grantee;  // grantee already quoted (or PUBLIC)
        bool grantable;
    };
    std::vector<Grant> grants;
    std::string with_clause;                         // " WITH (fillfactor = '70')" or empty
    std::string column_list;                         // for moving rows: "a", "b", ...
    // The newest existing partition when it is itself partitioned: new partitions get its
    // PARTITION BY clause and a copy of each of its sub-partitions (InvalidOid: plain partitions).
    Oid sub_template = InvalidOid;
    std::string sub_partition_by;                    // " PARTITION BY HASH (id)" or empty
    bool prepared = false;
    explicit SetDdlContext(const SetRuntime& r) : rt(r) {}
};

// True when pg_class.<attnum> of relid is NULL (no grants, no storage parameters), answered
// from the syscache.
bool class_attr_is_null(Oid relid, AttrNumber attnum);

// Quoted, comma-separated columns of relid that an INSERT can write (no dropped or generated ones).
std::string insertable_columns(Oid relid);

// Moves the rows of `from` (ONLY) matching `where` into `parent`, where PostgreSQL routes them.
// Raises ERROR 09000 — so the caller's step rolls back — when fewer rows arrive than left (a
// BEFORE INSERT trigger returning NULL). Returns the rows moved.
int64_t move_rows(const std::string& from, const std::string& parent, const std::string& columns,
                  const std::string& where);

// Shared with engine/attach.cpp: the set's grants, storage parameters and sub-partition template
// (computed once per context); GRANTs of the parent on a new table; the refusal of
// sub-partitioning that cannot be copied; copies of the template's sub-partitions under a new
// table; `control >= lo AND control < hi` as SQL.
void prepare_ddl(SetDdlContext& ctx);
void apply_grants(const SetDdlContext& ctx, const std::string& qualified_name);
void check_copyable(Oid templ, const std::string& control);
void copy_subpartitions(SetDdlContext& ctx, Oid templ, const std::string& target_name);
std::string range_condition(const SetRuntime& rt, int64_t lo, int64_t hi);

// A free relation name in `schema`: <base><suffix>, or <base><suffix>_1 .. _9 when taken (the base
// shortened so the suffix survives the 63-byte limit); 42P07 naming `what` when all are taken.
std::string free_relation_name(const std::string& schema, const std::string& base, const std::string& suffix,
                               const std::string& what);

// A free relation name in the parent's schema: <parent><suffix>, or <parent><suffix>_1 .. _9 when
// taken; the parent part is shortened so the suffix always survives the 63-byte limit.
std::string unique_partition_name(const SetRuntime& rt, const std::string& suffix);

// The free name of a new range partition starting at lo: the set's naming template
// (part_config.naming) or the default <parent>_p... suffix (core::partition_suffix), with _1 .. _9
// after it when taken. Names are for people; bounds come from the catalog.
std::string range_partition_name(const SetRuntime& rt, int64_t lo);

// A naming template checked for a set with interval iv (22023 when it cannot name the set).
core::Naming set_naming(const std::string& tmpl, const core::Interval& iv);

// What the lock budget of a transaction is computed from (core::LockBudget). The shared lock table
// holds max_locks_per_transaction x (MaxBackends + max_prepared_transactions) locks (what
// max_locks_per_transaction allows the whole cluster); one maintenance transaction takes at most
// an eighth of it (`limit`), counting the locks it already holds (`held`, from pg_locks), so the
// rest of the cluster always has room. per_partition: core::locks_per_partition over the parent's
// indexes, constraints and TOAST-able columns.
struct LockFigures {
    int64_t held = 0, limit = 0, per_partition = 2;
    int64_t max_locks_per_xact = 64, lock_slots = 0;  // the setting, and the backends it is multiplied by
};
LockFigures lock_figures(Oid parent);

// Rows of the default partition inside [lo, hi) (set units), counted exactly; 0 without a scan
// when the default partition has no blocks.
int64_t rows_in_default(const SetRuntime& rt, int64_t lo, int64_t hi);

// Creates the partition [lo, hi) without blocking writes (engine/attach.hpp): a standalone table
// shaped like the parent, attached with ALTER TABLE .. ATTACH PARTITION, sub-partitioned like the
// newest existing partition when that one is partitioned (ERROR 0A000 when its sub-partitions are
// ranges or lists of the control column, which cannot be copied). Rows of the range sitting in
// the default partition move into it before it is attached, in the caller's transaction.
// Citus sets: CREATE TABLE .. PARTITION OF. Every lock is taken politely (locks.hpp) within the
// set's lock_timeout. Returns rows moved.
int64_t create_range_partition(SetDdlContext& ctx, const std::string& name, int64_t lo, int64_t hi);

// The default partition: a standalone table attached with ATTACH PARTITION .. DEFAULT (Citus sets:
// CREATE TABLE .. PARTITION OF parent DEFAULT).
void create_default_partition(SetDdlContext& ctx, const std::string& name);

// While alive, the sql_drop event trigger skips its part_config lookup: for retention's DROP TABLE
// of a plain (not partitioned) partition, which cannot be a registered parent.
class PlainPartitionDrop {
public:
    PlainPartitionDrop();
    ~PlainPartitionDrop();
    PlainPartitionDrop(const PlainPartitionDrop&) = delete;
    PlainPartitionDrop& operator=(const PlainPartitionDrop&) = delete;
};

// Retention, mode drop: one DROP TABLE statement for all of parts (never CASCADE).
void drop_partitions(const SetRuntime& rt, const std::vector<const PartitionInfo*>& parts);

// Retention: DROP TABLE, DETACH PARTITION, or DETACH + SET SCHEMA archive.
void retire_partition(const SetRuntime& rt, const PartitionInfo& part, core::RetentionMode mode);

}  // namespace pg

}  // namespace pmx
