// Creating and attaching partitions without blocking writes (see attach.hpp).
#include "engine/attach.hpp"

#include "core/naming.hpp"
#include "engine/rowmove.hpp"
#include "pg/locks.hpp"
#include "pg/spi.hpp"

#include <stdexcept>

extern "C" {
#include "catalog/namespace.h"
#include "commands/tablespace.h"
#include "utils/lsyscache.h"
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

namespace {

Oid relid_in(const std::string& schema, const std::string& name) {
    const char* s = schema.c_str();
    const char* n = name.c_str();
    return call([&] { return get_relname_relid(n, get_namespace_oid(s, false)); });
}

// Raises a caught error again as a PostgreSQL ERROR with its SQLSTATE (the step fails with it).
[[noreturn]] void reraise(const StepError& e) {
    const char* s = e.sqlstate.size() == 5 ? e.sqlstate.c_str() : "XX000";
    const int code = MAKE_SQLSTATE(s[0], s[1], s[2], s[3], s[4]);
    call([&] {
        ereport(ERROR, (errcode(code), errmsg("%s", e.message.c_str()),
                        e.detail.empty() ? 0 : errdetail("%s", e.detail.c_str())));
    });
    throw std::logic_error("unreachable");
}

// The attach of a range partition of the set [lo, hi), table `name` in the parent's schema. The
// table's OID stays unset: a table this transaction created is locked already (CREATE TABLE takes
// ACCESS EXCLUSIVE); a caller attaching a table it filled sets it, so that it is locked too.
AttachSpec range_spec(const SetRuntime& rt, const std::string& name, int64_t lo, int64_t hi, const std::string& columns) {
    const ParentInfo& p = rt.parent;
    AttachSpec s;
    s.parent = p.oid;
    s.parent_name = p.qualified();
    if (p.default_partition) {
        s.default_oid = p.default_partition->oid;
        s.default_name = qualified(p.default_partition->schema(), p.default_partition->name());
    }
    s.table_name = qualified(p.schema, name);
    s.bound = " FOR VALUES FROM (" + rt.map.to_literal(lo) + ") TO (" + rt.map.to_literal(hi) + ")";
    s.columns = columns;
    if (p.default_partition) s.where = range_condition(rt, lo, hi);  // only rows of the default move
    s.lock_ms = rt.lock_timeout_ms;
    return s;
}

}  // namespace

std::string like_parent(const std::string& parent_name) {
    // Identity stays with the parent, as for PARTITION OF: rows get their values through it.
    return " (LIKE " + parent_name +
           " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING STORAGE"
           " INCLUDING COMPRESSION INCLUDING INDEXES)";
}

std::string tablespace_clause(Oid parent) {
    // From the syscache: no query for the common case (the database's default tablespace).
    Oid spc = call([&] { return get_rel_tablespace(parent); });
    if (!OidIsValid(spc)) return "";
    char* name = call([&] { return get_tablespace_name(spc); });
    return name ? " TABLESPACE " + ident(name) : "";
}

int64_t attach_table(const AttachSpec& s, bool move_first, int64_t batch_size, progress::Entry* p) {
    std::vector<RelationLock> locks{{s.parent, ShareUpdateExclusiveLock}};
    if (OidIsValid(s.default_oid)) locks.push_back({s.default_oid, AccessExclusiveLock});
    if (OidIsValid(s.table)) locks.push_back({s.table, AccessExclusiveLock});
    lock_relations(locks, s.lock_ms);
    const std::string attach = "ALTER TABLE " + s.parent_name + " ATTACH PARTITION " + s.table_name + s.bound;
    if (!OidIsValid(s.default_oid) || s.where.empty()) {
        exec(attach);
        return 0;
    }
    // The column list is read only when rows must move (rare: the default partition had rows of the bound).
    auto row_move = [&] {
        return RowMove{s.default_oid, s.default_name, s.table_name, s.columns.empty() ? insertable_columns(s.parent) : s.columns,
                       s.where};
    };
    int64_t moved = 0;
    if (move_first) {
        // Under the lock nothing else arrives: the rows of the bound still there move now.
        check_no_referencing_keys(s.default_oid, s.default_name);
        moved += move_all(row_move(), batch_size, p);
        exec(attach);
        return moved;
    }
    std::optional<StepError> err = in_subtransaction([&] { exec(attach); });
    if (!err) return 0;
    // ATTACH found rows of the bound in the default partition (they arrived after our look).
    if (err->sqlstate != "23514") reraise(*err);
    check_no_referencing_keys(s.default_oid, s.default_name);
    moved += move_all(row_move(), batch_size, p);
    exec(attach);
    return moved;
}

void create_like_parent(SetDdlContext& ctx, const std::string& name) {
    const ParentInfo& p = ctx.rt.parent;
    const std::string target = qualified(p.schema, name);
    const bool sub = OidIsValid(ctx.sub_template);
    exec("CREATE TABLE " + target + like_parent(p.qualified()) + (sub ? ctx.sub_partition_by : ctx.with_clause) +
         tablespace_clause(p.oid));
    if (sub) copy_subpartitions(ctx, ctx.sub_template, name);
    apply_grants(ctx, target);
}

std::string bound_check_name(const std::string& table) { return core::partition_name(table, "_bound"); }

void add_bound_check(const SetRuntime& rt, const std::string& qualified_table, const std::string& table, int64_t lo,
                     int64_t hi) {
    exec("ALTER TABLE " + qualified_table + " ADD CONSTRAINT " + ident(bound_check_name(table)) + " CHECK (" +
         ident(rt.cfg.control) + " IS NOT NULL AND " + range_condition(rt, lo, hi) + ")");
}

int64_t attach_filled(const SetRuntime& rt, Oid table, const std::string& name, int64_t lo, int64_t hi,
                      const std::string& columns, int64_t batch_size, progress::Entry* p) {
    AttachSpec s = range_spec(rt, name, lo, hi, columns);
    s.table = table;
    // Rows of the range that reached the default partition after the last batch are rare: ATTACH's
    // own scan finds them, and only then they are moved (one scan of the default, not two).
    int64_t moved = attach_table(s, false, batch_size, p);
    exec("ALTER TABLE " + s.table_name + " DROP CONSTRAINT IF EXISTS " + ident(bound_check_name(name)));
    return moved;
}

int64_t attach_range_partition(SetDdlContext& ctx, const std::string& name, int64_t lo, int64_t hi) {
    const SetRuntime& rt = ctx.rt;
    const ParentInfo& p = rt.parent;
    if (OidIsValid(ctx.sub_template)) check_copyable(ctx.sub_template, rt.cfg.control);
    AsUser owner(p.owner);
    lock_relations({{p.oid, ShareUpdateExclusiveLock}}, rt.lock_timeout_ms);
    const PartitionInfo* def = p.default_partition ? &*p.default_partition : nullptr;
    bool fill = false;
    if (def && !has_no_blocks(def->oid)) {
        // Not read-only: a snapshot taken now sees every row committed so far.
        fill = query("SELECT EXISTS (SELECT 1 FROM ONLY " + qualified(def->schema(), def->name()) + " WHERE " +
                         range_condition(rt, lo, hi) + ")",
                     {}, false)
                   .boolean(0, 0);
    }
    create_like_parent(ctx, name);
    // Empty: ATTACH scans nothing but the default partition (instant when that one is empty).
    if (!fill) return attach_table(range_spec(rt, name, lo, hi, ctx.column_list), false, default_batch_size, nullptr);
    if (ctx.column_list.empty()) ctx.column_list = insertable_columns(p.oid);
    // Rows of the range wait in the default partition: they move into the new table while
    // writers go on (ROW EXCLUSIVE only); then the last step holds the default partition.
    AttachSpec s = range_spec(rt, name, lo, hi, ctx.column_list);
    add_bound_check(rt, s.table_name, name, lo, hi);
    check_no_referencing_keys(s.default_oid, s.default_name);
    lock_relations({{s.default_oid, RowExclusiveLock}}, rt.lock_timeout_ms);
    progress::Entry prog(p.oid, "create partition [" + rt.map.to_display(lo) + ", " + rt.map.to_display(hi) + ")",
                         s.table_name, -1);
    int64_t moved = move_all(RowMove{s.default_oid, s.default_name, s.table_name, s.columns, s.where},
                             default_batch_size, &prog);
    return moved + attach_filled(rt, relid_in(p.schema, name), name, lo, hi, ctx.column_list, default_batch_size, &prog);
}

void attach_default_partition(SetDdlContext& ctx, const std::string& name) {
    const ParentInfo& p = ctx.rt.parent;
    AsUser owner(p.owner);
    lock_relations({{p.oid, ShareUpdateExclusiveLock}}, ctx.rt.lock_timeout_ms);
    const std::string target = qualified(p.schema, name);
    // A default partition is never sub-partitioned by partman_ext.
    exec("CREATE TABLE " + target + like_parent(p.qualified()) + ctx.with_clause + tablespace_clause(p.oid));
    apply_grants(ctx, target);
    AttachSpec s;
    s.parent = p.oid;
    s.parent_name = p.qualified();
    s.table_name = target;  // s.table stays unset: created just above, locked already
    s.bound = " DEFAULT";
    s.lock_ms = ctx.rt.lock_timeout_ms;
    attach_table(s, false, default_batch_size, nullptr);
}

}  // namespace pg

}  // namespace pmx
