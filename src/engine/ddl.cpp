// Maintenance DDL (see ddl.hpp). Every identifier is quoted; every statement runs under the
// caller's lock_timeout.
#include "engine/ddl.hpp"

#include "core/error.hpp"
#include "core/naming.hpp"
#include "core/planner.hpp"
#include "engine/attach.hpp"
#include "pg/citus.hpp"
#include "pg/locks.hpp"
#include "pg/spi.hpp"

extern "C" {
#include "access/genam.h"
#include "access/htup_details.h"
#include "access/relation.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "catalog/pg_constraint.h"
#include "utils/fmgroids.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "access/twophase.h"
#include "miscadmin.h"
#include "storage/lock.h"
#include "utils/syscache.h"
#include "utils/lsyscache.h"
}

#include <functional>
#include <optional>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

// A free relation name in `schema`: name("") or, when taken, name("_1") .. name("_9").
static std::string free_name(const std::string& schema, const std::function<std::string(const std::string&)>& name,
                             const std::string& what) {
    const char* s = schema.c_str();
    Oid nsp = call([&] { return get_namespace_oid(s, false); });
    for (int i = 0; i < 10; ++i) {
        std::string candidate = name(i == 0 ? std::string() : "_" + std::to_string(i));
        const char* n = candidate.c_str();
        Oid existing = call([&] { return get_relname_relid(n, nsp); });
        if (!OidIsValid(existing)) return candidate;
    }
    throw UserError(ERRCODE_DUPLICATE_TABLE, "no free name for a new partition of " + what,
                    "\"" + name("") + "\" and the same name with _1 .. _9 after the suffix are all taken.",
                    "Rename or drop the tables that use these names.");
}

std::string free_relation_name(const std::string& schema, const std::string& base, const std::string& suffix,
                               const std::string& what) {
    return free_name(schema, [&](const std::string& extra) { return core::partition_name(base, suffix + extra); }, what);
}

// What a new partition of parent locks: its table and TOAST table with their indexes, a copy of
// each of the parent's indexes, each constraint. From the relcache and pg_constraint, no SQL.
static int64_t parent_locks_per_partition(Oid parent) {
    struct {
        int64 indexes = 0, constraints = 0;
        bool toastable = false;
    } s;
    call([&] {
        Relation rel = relation_open(parent, AccessShareLock);
        List* indexes = RelationGetIndexList(rel);
        s.indexes = list_length(indexes);
        list_free(indexes);
        TupleDesc desc = RelationGetDescr(rel);
        for (int i = 0; i < desc->natts && !s.toastable; ++i) {
            Form_pg_attribute a = TupleDescAttr(desc, i);
            s.toastable = !a->attisdropped && get_typstorage(a->atttypid) != TYPSTORAGE_PLAIN;
        }
        relation_close(rel, NoLock);
        ScanKeyData key;
        Relation con = table_open(ConstraintRelationId, AccessShareLock);
        ScanKeyInit(&key, Anum_pg_constraint_conrelid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(parent));
        SysScanDesc scan = systable_beginscan(con, ConstraintRelidTypidNameIndexId, true, nullptr, 1, &key);
        while (systable_getnext(scan) != nullptr) ++s.constraints;
        systable_endscan(scan);
        table_close(con, AccessShareLock);
    });
    return core::locks_per_partition(s.indexes, s.constraints, s.toastable);
}

LockFigures lock_figures(Oid parent) {
    LockFigures f;
    f.held = locks_held();
    f.max_locks_per_xact = max_locks_per_xact;
    f.lock_slots = int64_t(MaxBackends) + max_prepared_xacts;
    f.limit = f.max_locks_per_xact * f.lock_slots / 8;
    f.per_partition = parent_locks_per_partition(parent);
    return f;
}

std::string unique_partition_name(const SetRuntime& rt, const std::string& suffix) {
    return free_relation_name(rt.parent.schema, rt.parent.name, suffix, rt.parent.qualified());
}

core::Naming set_naming(const std::string& tmpl, const core::Interval& iv) {
    try {
        return core::Naming::parse(tmpl, iv);
    } catch (const core::InvalidArgument& e) {
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, e.what(), e.detail(), e.hint());
    }
}

std::string range_partition_name(const SetRuntime& rt, int64_t lo) {
    if (!rt.cfg.naming) return unique_partition_name(rt, core::partition_suffix(rt.interval, lo));
    const core::Naming naming = set_naming(*rt.cfg.naming, rt.interval);
    return free_name(rt.parent.schema, [&](const std::string& extra) { return naming.render(rt.parent.name, lo, extra); },
                     rt.parent.qualified());
}

std::string range_condition(const SetRuntime& rt, int64_t lo, int64_t hi) {
    std::string col = ident(rt.cfg.control);
    return col + " >= " + rt.map.to_literal(lo) + " AND " + col + " < " + rt.map.to_literal(hi);
}

int64_t rows_in_default(const SetRuntime& rt, int64_t lo, int64_t hi) {
    if (!rt.parent.default_partition || has_no_blocks(rt.parent.default_partition->oid)) return 0;
    const PartitionInfo& def = *rt.parent.default_partition;
    AsUser owner(rt.parent.owner);
    Rows r = query("SELECT count(*) FROM ONLY " + qualified(def.schema(), def.name()) + " WHERE " +
                       range_condition(rt, lo, hi),
                   {}, true);
    return r.int8(0, 0);
}

// Grants, storage parameters and the column list, computed once per set.
// No grants and no storage parameters is the common case, answered without running a query.
bool class_attr_is_null(Oid relid, AttrNumber attnum) {
    return call([&] {
        HeapTuple tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
        if (!HeapTupleIsValid(tup)) return true;
        bool isnull = heap_attisnull(tup, attnum, nullptr);
        ReleaseSysCache(tup);
        return isnull;
    });
}

void apply_grants(const SetDdlContext& ctx, const std::string& qualified_name) {
    for (const SetDdlContext::Grant& g : ctx.grants)
        exec("GRANT " + g.privileges + " ON TABLE " + qualified_name + " TO " + g.grantee +
             (g.grantable ? " WITH GRANT OPTION" : ""));
}

void prepare_ddl(SetDdlContext& ctx) {
    if (ctx.prepared) return;
    ctx.prepared = true;
    const ParentInfo& p = ctx.rt.parent;
    if (!class_attr_is_null(p.oid, Anum_pg_class_relacl)) {
        Rows g = query_cached(
            "SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END, "
            "string_agg(a.privilege_type, ', ' ORDER BY a.privilege_type), bool_or(a.is_grantable) "
            "FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = $1 AND a.grantee <> c.relowner "
            "GROUP BY a.grantee, a.is_grantable",
            {oid_param(p.oid)}, true);
        for (size_t i = 0; i < g.size(); ++i) ctx.grants.push_back({g.str(i, 1), g.str(i, 0), g.boolean(i, 2)});
    }

    // Storage parameters come from the newest existing partition (a partitioned parent has none),
    // or while the set has none, from its default partition (partition_table puts the converted
    // table's there).
    const PartitionInfo* templ = nullptr;
    for (const PartitionInfo& part : p.partitions)
        if (!part.lo_open && (!templ || part.lo > templ->lo)) templ = &part;
    if (!templ && p.default_partition && !class_attr_is_null(p.default_partition->oid, Anum_pg_class_reloptions)) {
        Rows o = query_cached(
            "SELECT string_agg(quote_ident(option_name) || ' = ' || quote_literal(option_value), ', ') "
            "FROM pg_class c, pg_options_to_table(c.reloptions) WHERE c.oid = $1",
            {oid_param(p.default_partition->oid)}, true);
        if (o.size() && o.at(0, 0)) ctx.with_clause = " WITH (" + o.str(0, 0) + ")";
    }
    if (templ && !class_attr_is_null(templ->oid, Anum_pg_class_reloptions)) {
        Rows o = query_cached(
            "SELECT string_agg(quote_ident(option_name) || ' = ' || quote_literal(option_value), ', ') "
            "FROM pg_class c, pg_options_to_table(c.reloptions) WHERE c.oid = $1",
            {oid_param(templ->oid)}, true);
        if (o.size() && o.at(0, 0)) ctx.with_clause = " WITH (" + o.str(0, 0) + ")";
    }
    if (templ) {
        Oid t = templ->oid;
        if (call([&] { return get_rel_relkind(t); }) == RELKIND_PARTITIONED_TABLE) {
            ctx.sub_template = t;
            ctx.sub_partition_by = " PARTITION BY " + query_cached("SELECT pg_catalog.pg_get_partkeydef($1)", {oid_param(t)}, true).str(0, 0);
        }
    }
}

// Refuses sub-partitioning that cannot be copied: ranges or lists of the control column differ
// for every partition (hash sub-partitions, and ranges or lists of other columns, are copied).
void check_copyable(Oid templ, const std::string& control) {
    Rows r = query_cached(
        "SELECT pg_catalog.format('%I.%I', n.nspname, c.relname), pg_catalog.pg_get_partkeydef(c.oid) "
        "FROM pg_catalog.pg_partitioned_table pt JOIN pg_catalog.pg_class c ON c.oid = pt.partrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE pt.partrelid IN (SELECT relid FROM pg_catalog.pg_partition_tree($1) WHERE NOT isleaf) "
        "AND pt.partstrat IN ('r', 'l') AND EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = pt.partrelid "
        "AND a.attnum = ANY (pt.partattrs::int2[]) AND a.attname = $2)",
        {oid_param(templ), text_param(control)}, true);
    if (r.size() == 0) return;
    throw UserError(ERRCODE_FEATURE_NOT_SUPPORTED,
                    "cannot give a new partition the sub-partitions of " + r.str(0, 0),
                    "It is partitioned by " + r.str(0, 1) + ": ranges or lists of the control column \"" + control +
                        "\" differ for every partition, so they cannot be copied.",
                    "Create this partition and its sub-partitions yourself, or sub-partition by another column "
                    "(HASH sub-partitions are copied).");
}

// Creates under `target` (just created with its template's PARTITION BY) a copy of every
// sub-partition of `templ`: same bound, partition key, storage parameters; the parent's grants.
// Names: the template's sub-partition name with the template's name replaced by the new one.
void copy_subpartitions(SetDdlContext& ctx, Oid templ, const std::string& target_name) {
    const std::string& schema = ctx.rt.parent.schema;
    Rows subs = query_cached(
        "SELECT c.oid, c.relname, t.relname, pg_catalog.pg_get_expr(c.relpartbound, c.oid), "
        "CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END, "
        "(SELECT pg_catalog.string_agg(pg_catalog.quote_ident(option_name) || ' = ' || pg_catalog.quote_literal(option_value), ', ') "
        "   FROM pg_catalog.pg_options_to_table(c.reloptions)) "
        "FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid "
        "JOIN pg_catalog.pg_class t ON t.oid = i.inhparent WHERE i.inhparent = $1 ORDER BY c.relname",
        {oid_param(templ)}, true);
    for (size_t i = 0; i < subs.size(); ++i) {
        std::string name = subs.str(i, 1), templ_name = subs.str(i, 2);
        std::string suffix = name.compare(0, templ_name.size(), templ_name) == 0 && name.size() > templ_name.size()
                                 ? name.substr(templ_name.size())
                                 : "_" + std::to_string(i + 1);
        std::string sub = free_relation_name(schema, target_name, suffix, qualified(schema, target_name));
        std::string sql = "CREATE TABLE " + qualified(schema, sub) + " PARTITION OF " + qualified(schema, target_name) +
                          " " + subs.str(i, 3);
        if (subs.at(i, 4)) sql += " PARTITION BY " + subs.str(i, 4);
        if (subs.at(i, 5)) sql += " WITH (" + subs.str(i, 5) + ")";
        exec(sql);
        apply_grants(ctx, qualified(schema, sub));
        if (subs.at(i, 4)) copy_subpartitions(ctx, static_cast<Oid>(subs.int8(i, 0)), sub);
    }
}

std::string insertable_columns(Oid relid) {
    Rows r = query_cached(
        "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute "
        "WHERE attrelid = $1 AND attnum > 0 AND NOT attisdropped AND attgenerated = ''",
        {oid_param(relid)}, true);
    return r.str(0, 0);
}

int64_t move_rows(const std::string& from, const std::string& parent, const std::string& columns,
                  const std::string& where) {
    Rows r = query("WITH moved AS (DELETE FROM ONLY " + from + " WHERE " + where + " RETURNING " + columns +
                   "), arrived AS (INSERT INTO " + parent + " (" + columns + ") OVERRIDING SYSTEM VALUE SELECT " +
                   columns + " FROM moved RETURNING 1) SELECT (SELECT count(*) FROM moved), (SELECT count(*) FROM arrived)");
    int64_t left = r.int8(0, 0), arrived = r.int8(0, 1);
    if (left != arrived) {
        // A BEFORE INSERT trigger returned NULL (or similar): refuse, so the step is rolled back.
        std::string msg = "moving rows out of " + from + " lost rows: " + std::to_string(left) + " left, " +
                          std::to_string(arrived) + " arrived";
        call([&] {
            ereport(ERROR, (errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION), errmsg("%s", msg.c_str()),
                            errdetail("A row trigger on the parent's partitions skipped some rows."),
                            errhint("Nothing was moved. Fix or disable the trigger, then run maintenance again.")));
        });
    }
    return arrived;
}

// Citus sets: CREATE TABLE .. PARTITION OF (propagated to the shards as such), under the same
// polite locks; rows of the range in the default partition move with the default detached.
static int64_t create_partition_of(SetDdlContext& ctx, const std::string& name, int64_t lo, int64_t hi) {
    const SetRuntime& rt = ctx.rt;
    const ParentInfo& p = rt.parent;
    const std::string parent = p.qualified();
    const std::string target = qualified(p.schema, name);
    const std::string create = "CREATE TABLE " + target + " PARTITION OF " + parent + " FOR VALUES FROM (" +
                               rt.map.to_literal(lo) + ") TO (" + rt.map.to_literal(hi) + ")" +
                               (OidIsValid(ctx.sub_template) ? ctx.sub_partition_by : ctx.with_clause);
    if (OidIsValid(ctx.sub_template)) check_copyable(ctx.sub_template, rt.cfg.control);
    AsUser owner(p.owner);
    auto create_all = [&] {
        exec(create);
        if (OidIsValid(ctx.sub_template)) copy_subpartitions(ctx, ctx.sub_template, name);
    };
    int64_t moved = 0;
    bool default_has_data = p.default_partition && !has_no_blocks(p.default_partition->oid);
    if (default_has_data) {
        // Lock first so no row can arrive in the default between the check and the DDL.
        const PartitionInfo& def = *p.default_partition;
        lock_relations({{p.oid, AccessExclusiveLock}, {def.oid, AccessExclusiveLock}}, rt.lock_timeout_ms);
        const std::string def_name = qualified(def.schema(), def.name());
        // Not read-only: a fresh snapshot, taken after the lock, sees every committed row.
        Rows r = query("SELECT EXISTS (SELECT 1 FROM ONLY " + def_name + " WHERE " + range_condition(rt, lo, hi) + ")",
                       {}, false);
        if (r.boolean(0, 0)) {
            if (ctx.column_list.empty()) ctx.column_list = insertable_columns(rt.parent.oid);
            exec("ALTER TABLE " + parent + " DETACH PARTITION " + def_name);
            create_all();
            moved = move_rows(def_name, parent, ctx.column_list, range_condition(rt, lo, hi));
            exec("ALTER TABLE " + parent + " ATTACH PARTITION " + def_name + " DEFAULT");
            apply_grants(ctx, target);
            return moved;
        }
    }
    lock_relations({{p.oid, AccessExclusiveLock}}, rt.lock_timeout_ms);
    create_all();
    apply_grants(ctx, target);
    return moved;
}

int64_t create_range_partition(SetDdlContext& ctx, const std::string& name, int64_t lo, int64_t hi) {
    prepare_ddl(ctx);
    if (is_citus_table(ctx.rt.parent.oid)) return create_partition_of(ctx, name, lo, hi);
    return attach_range_partition(ctx, name, lo, hi);  // engine/attach.cpp
}

void create_default_partition(SetDdlContext& ctx, const std::string& name) {
    prepare_ddl(ctx);
    const ParentInfo& p = ctx.rt.parent;
    if (!is_citus_table(p.oid)) return attach_default_partition(ctx, name);  // engine/attach.cpp
    const std::string target = qualified(p.schema, name);
    AsUser owner(p.owner);
    lock_relations({{p.oid, AccessExclusiveLock}}, ctx.rt.lock_timeout_ms);
    exec("CREATE TABLE " + target + " PARTITION OF " + p.qualified() + " DEFAULT" + ctx.with_clause);
    apply_grants(ctx, target);
}

// The locks DROP TABLE and DETACH PARTITION of partitions take (ACCESS EXCLUSIVE on the parent,
// on the default partition, whose constraint changes, and on each partition), taken politely
// first (locks.hpp) so that no query queues behind a retention step.
static std::vector<RelationLock> retire_locks(const SetRuntime& rt, const std::vector<const PartitionInfo*>& parts) {
    std::vector<RelationLock> locks{{rt.parent.oid, AccessExclusiveLock}};
    if (rt.parent.default_partition) locks.push_back({rt.parent.default_partition->oid, AccessExclusiveLock});
    for (const PartitionInfo* p : parts) locks.push_back({p->oid, AccessExclusiveLock});
    return locks;
}

void drop_partitions(const SetRuntime& rt, const std::vector<const PartitionInfo*>& parts) {
    std::string list;
    bool all_plain = true;
    for (const PartitionInfo* p : parts) {
        list += (list.empty() ? "" : ", ") + qualified(p->schema(), p->name());
        Oid relid = p->oid;
        all_plain = all_plain && call([&] { return get_rel_relkind(relid) == RELKIND_RELATION; });
    }
    AsUser owner(rt.parent.owner);
    lock_relations(retire_locks(rt, parts), rt.lock_timeout_ms);
    std::optional<PlainPartitionDrop> skip_lookup;  // a sub-partitioned one may be a registered set itself
    if (all_plain) skip_lookup.emplace();
    exec("DROP TABLE " + list);
}

void retire_partition(const SetRuntime& rt, const PartitionInfo& part, core::RetentionMode mode) {
    if (mode == core::RetentionMode::drop) {
        drop_partitions(rt, {&part});
        return;
    }
    const std::string target = qualified(part.schema(), part.name());
    AsUser owner(rt.parent.owner);
    lock_relations(retire_locks(rt, {&part}), rt.lock_timeout_ms);
    exec("ALTER TABLE " + rt.parent.qualified() + " DETACH PARTITION " + target);
    if (mode == core::RetentionMode::archive) exec("ALTER TABLE " + target + " SET SCHEMA " + ident(*rt.cfg.archive_schema));
}

}  // namespace pg

}  // namespace pmx
