// create_bucket_partitions (see bucket_create.hpp): registers a bucket set and creates
// its missing buckets <parent>_part_00 .. <parent>_part_NN. Idempotent; every CREATE runs as the
// parent's owner, in its own subtransaction, under lock_timeout. A LIST bucket expression whose
// values the buckets do not cover is refused (or, with a DEFAULT partition, warned about).
#include "engine/bucket_create.hpp"

#include "core/error.hpp"
#include "engine/buckets.hpp"
#include "pg/catalog.hpp"
#include "engine/checks.hpp"
#include "pg/citus.hpp"
#include "engine/attach.hpp"
#include "engine/ddl.hpp"
#include "engine/maintenance.hpp"
#include "engine/rowmove.hpp"
#include "pg/locks.hpp"
#include "pg/settings.hpp"
#include "pg/spi.hpp"

extern "C" {
#include "access/relation.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "partitioning/partbounds.h"
#include "partitioning/partdesc.h"
#include "portability/instr_time.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/partcache.h"
#include "utils/rel.h"
}

#include <functional>
#include <map>
#include <set>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {
namespace {

constexpr int kMaxBuckets = 10000;

// Refuses (or warns about) a LIST bucket expression whose values the buckets do not all take.
void check_coverage(const BucketKey& k, const BucketBounds& e, int buckets) {
    core::ValueRange range = bucket_expression_range(k.parent);
    std::vector<int64_t> covered = e.list_values;
    for (int i = 0; i < buckets; ++i) covered.push_back(i);
    auto gaps = core::uncovered_ranges(range, covered);
    const std::string fix = "Recreate the table with PARTITION BY HASH (" + k.column +
                            "), or with the non-negative expression PARTITION BY LIST (((hashtext(" + k.column +
                            "::text)::bigint & 2147483647) % " + std::to_string(buckets) + ")), and copy the rows over.";
    if (range.may_overflow)
        call([&] {
            ereport(WARNING, (errmsg("bucket expression of %s can fail with \"integer out of range\"", k.shown.c_str()),
                              errdetail("Its partition key is %s; abs() of the smallest integer (hashtext() returns it for "
                                        "some keys) overflows, and inserting such a row fails.", k.keydef.c_str()),
                              errhint("%s", fix.c_str())));
        });
    if (gaps.empty()) return;
    const std::string values = core::format_ranges(gaps);
    const std::string count = std::to_string(core::count_values(gaps));
    const std::string span = std::to_string(range.lo) + ".." + std::to_string(range.hi);
    if (!range.exact) {
        call([&] {
            ereport(WARNING,
                    (errmsg("partman_ext cannot prove that the buckets of %s take every key", k.shown.c_str()),
                     errdetail("Its partition key is %s; its values are only known to lie in %s, and the buckets take 0..%d%s.",
                               k.keydef.c_str(), span.c_str(), buckets - 1,
                               e.has_default ? ", the rest goes to the DEFAULT partition" : ""),
                     errhint("If the expression can yield other values, rows with them %s. %s",
                             e.has_default ? "pile up in the DEFAULT partition" : "cannot be inserted", fix.c_str())));
        });
        return;
    }
    std::string detail = "Its partition key is " + k.keydef + ", which yields " + span + "; the " +
                         std::to_string(buckets) + " buckets take 0.." + std::to_string(buckets - 1) +
                         ", so keys whose expression is " + values + " (" + count + " of " +
                         std::to_string(core::count_values({{range.lo, range.hi}})) + " values" +
                         (range.lo < 0 ? std::string("; mod() and % keep the sign of their first argument") : std::string()) + ") ";
    if (!e.has_default)
        throw UserError(ERRCODE_INVALID_OBJECT_DEFINITION,
                        "bucket expression of " + k.shown + " yields values " + values + " that no partition accepts",
                        detail + "have no partition: inserting them fails. Nothing was created or registered.", fix);
    const std::string def = *e.default_name;
    call([&] {
        ereport(WARNING, (errmsg("bucket expression of %s yields values %s that no bucket accepts", k.shown.c_str(), values.c_str()),
                          errdetail("%sgo to the DEFAULT partition \"%s\" instead of a bucket.", detail.c_str(), def.c_str()),
                          errhint("%s", fix.c_str())));
    });
}

// GRANTs of the parent (other than the owner's), as statements for a new partition.
std::vector<std::string> grant_statements(Oid parent, const std::string& target) {
    Rows g = query(
        "SELECT format('GRANT %s ON TABLE %s TO %s%s', string_agg(a.privilege_type, ', '), $2, "
        "CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END, "
        "CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END) "
        "FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = $1 AND a.grantee <> c.relowner "
        "GROUP BY a.grantee, a.is_grantable",
        {oid_param(parent), text_param(target)}, true);
    std::vector<std::string> out;
    for (size_t i = 0; i < g.size(); ++i) out.push_back(g.str(i, 0));
    return out;
}

double elapsed_ms(const instr_time& start) {
    instr_time now;
    INSTR_TIME_SET_CURRENT(now);
    INSTR_TIME_SUBTRACT(now, start);
    return INSTR_TIME_GET_MILLISEC(now);
}

std::string bound_clause(const BucketKey& k, int bucket, int buckets) {
    return k.strategy == PARTITION_STRATEGY_HASH
               ? "FOR VALUES WITH (MODULUS " + std::to_string(buckets) + ", REMAINDER " + std::to_string(bucket) + ")"
               : "FOR VALUES IN (" + std::to_string(bucket) + ")";
}

// Fills the outcome of rows [from, end) from one step's result.
void finish_rows(std::vector<ActionRow>& rows, size_t from, const std::optional<StepError>& err, double ms) {
    for (size_t i = from; i < rows.size(); ++i) {
        rows[i].duration_ms = ms;
        mark_outcome(rows[i], err, core::Action::created);
        if (!err) rows[i].est_rows = 0;
    }
}

// The bucket expression of a LIST set (or the key column), as SQL over the parent's columns.
std::string key_expression(const BucketKey& k) {
    Rows expr = query("SELECT coalesce(pg_get_expr(partexprs, partrelid), quote_ident(a.attname)) "
                      "FROM pg_partitioned_table p LEFT JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0] "
                      "WHERE partrelid = $1",
                      {oid_param(k.parent)}, true);
    return "(" + expr.str(0, 0) + ")";
}

// Creates the missing buckets, each in its own subtransaction, without blocking writes: a
// standalone table shaped like the parent, attached with ATTACH PARTITION (SHARE UPDATE EXCLUSIVE
// on the parent) under polite locks (engine/attach.hpp). When a LIST set's DEFAULT partition
// holds rows of a new bucket, they move into the new table first (only the last step holds the
// default partition). Citus sets: CREATE TABLE .. PARTITION OF under the same polite locks (rows
// of the bucket in the default partition move with the default detached).
void create_buckets(const BucketKey& k, const BucketBounds& e, const std::vector<int>& missing, int buckets,
                    int64_t lock_ms, std::vector<ActionRow>& rows) {
    const std::string parent = qualified(e.schema, e.relname);
    const bool citus = is_citus_table(k.parent);
    const bool default_rows = e.has_default && k.strategy == PARTITION_STRATEGY_LIST && !has_no_blocks(e.default_oid);
    std::string columns, expr;
    if (e.has_default) columns = insertable_columns(k.parent);
    if (default_rows) expr = key_expression(k);
    for (int b : missing) {
        ActionRow row;
        row.parent = k.shown;
        row.parent_oid = k.parent;
        row.partition = qualified(e.schema, core::bucket_partition_name(e.relname, b, buckets));
        row.lower = std::to_string(b);
        row.operation = "create_bucket_partitions";
        row.message = bound_clause(k, b, buckets);
        rows.push_back(row);
        const std::string name = core::bucket_partition_name(e.relname, b, buckets);
        const std::string target = qualified(e.schema, name);
        int64_t moved = 0;
        instr_time start;
        INSTR_TIME_SET_CURRENT(start);
        auto err = in_subtransaction([&] {
            GucScope guc;
            guc.set("lock_timeout", std::to_string(lock_ms));
            citus_sequential_mode(guc, k.parent);  // Citus: one connection per node (citus.hpp)
            AsUser owner(k.owner);
            if (citus) {
                const std::string create = "CREATE TABLE " + target + " PARTITION OF " + parent + " " + bound_clause(k, b, buckets);
                if (default_rows) {
                    // The bucket's rows in the default partition would fail the CREATE (23514):
                    // they move with the default detached, as for range partitions (ddl.cpp).
                    const std::string def = qualified(e.schema, *e.default_name);
                    lock_relations({{k.parent, AccessExclusiveLock}, {e.default_oid, AccessExclusiveLock}}, lock_ms);
                    exec("ALTER TABLE " + parent + " DETACH PARTITION " + def);
                    exec(create);
                    moved = move_rows(def, parent, columns, expr + " = " + std::to_string(b));
                    exec("ALTER TABLE " + parent + " ATTACH PARTITION " + def + " DEFAULT");
                } else {
                    lock_relations({{k.parent, AccessExclusiveLock}}, lock_ms);
                    exec(create);
                }
                for (const std::string& g : grant_statements(k.parent, target)) exec(g);
                return;
            }
            lock_relations({{k.parent, ShareUpdateExclusiveLock}}, lock_ms);
            exec("CREATE TABLE " + target + like_parent(parent) + tablespace_clause(k.parent));
            for (const std::string& g : grant_statements(k.parent, target)) exec(g);
            AttachSpec spec;
            spec.parent = k.parent;
            spec.parent_name = parent;
            if (e.has_default) {
                spec.default_oid = e.default_oid;
                spec.default_name = qualified(e.schema, *e.default_name);
            }
            const char* rel = name.c_str();
            const char* nsp = e.schema.c_str();
            spec.table = call([&] { return get_relname_relid(rel, get_namespace_oid(nsp, false)); });
            spec.table_name = target;
            spec.bound = " " + bound_clause(k, b, buckets);
            spec.columns = columns;
            if (default_rows) spec.where = expr + " = " + std::to_string(b);
            spec.lock_ms = lock_ms;
            if (default_rows) {
                check_no_referencing_keys(e.default_oid, spec.default_name);
                lock_relations({{e.default_oid, RowExclusiveLock}}, lock_ms);
                moved = move_all(RowMove{e.default_oid, spec.default_name, target, columns, spec.where},
                                 default_batch_size, nullptr);
            }
            moved += attach_table(spec, default_rows, default_batch_size, nullptr);
        });
        finish_rows(rows, rows.size() - 1, err, elapsed_ms(start));
        if (!err) rows.back().rows_moved = moved;
    }
}

void register_set(const BucketKey& k, int buckets, const core::SkewThresholds& t, std::optional<int64_t> lock_ms,
                  bool has_default) {
    AsUser ext(extension_owner());
    exec("INSERT INTO partman_ext.part_config AS c (parent_table, control_column, strategy, buckets, default_partition, "
         "lock_timeout, skew_warning, skew_rebalance, skew_critical) "
         "VALUES ($1::oid::regclass, $2, 'bucket', $3, $4, $5::bigint * interval '1 ms', $6::float8, $7::float8, $8::float8) "
         "ON CONFLICT (parent_table) DO UPDATE SET buckets = EXCLUDED.buckets, default_partition = EXCLUDED.default_partition, "
         "lock_timeout = coalesce(EXCLUDED.lock_timeout, c.lock_timeout), skew_warning = EXCLUDED.skew_warning, "
         "skew_rebalance = EXCLUDED.skew_rebalance, skew_critical = EXCLUDED.skew_critical, updated_at = now()",
         {oid_param(k.parent), text_param(k.column), int8_param(buckets), bool_param(has_default),
          lock_ms ? int8_param(*lock_ms) : int8_param(std::nullopt), text_param(std::to_string(t.warning)),
          text_param(std::to_string(t.rebalance)), text_param(std::to_string(t.critical))});
}

}  // namespace

std::vector<ActionRow> create_bucket_partitions(const BucketRequest& req) {
    const Oid parent = req.parent;
    const int buckets = req.buckets;
    if (buckets < 1 || buckets > kMaxBuckets)
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "buckets must be between 1 and " + std::to_string(kMaxBuckets),
                        "Got " + std::to_string(buckets) + ".", "100 buckets is a common choice.");
    BucketKey k = bucket_key(parent);
    require_owner(parent, k.shown);
    auto cfg = load_set(parent);
    if (cfg && cfg->strategy != core::Strategy::bucket)
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, k.shown + " is registered as a " + core::to_text(cfg->strategy) + " set",
                        "A set has one strategy.", "Unregister it first with partman_ext.unregister_partition_set().");
    auto sets = load_bucket_sets(parent);
    core::SkewThresholds t = sets.empty() ? core::SkewThresholds{} : sets[0].thresholds;
    if (!sets.empty() && sets[0].buckets > 0 && sets[0].buckets != buckets)
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE,
                        k.shown + " is registered with " + std::to_string(sets[0].buckets) + " buckets, not " + std::to_string(buckets),
                        "Every key's bucket depends on the bucket count; changing it moves almost every row.",
                        "Create a new table with the new count, copy the rows, and register that one.");
    if (req.warning) t.warning = *req.warning;
    if (req.rebalance) t.rebalance = *req.rebalance;
    if (req.critical) t.critical = *req.critical;
    try {
        core::validate_thresholds(t);
    } catch (const core::InvalidArgument& e) {
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, e.what(), e.detail(), e.hint());
    }
    std::optional<int64_t> lock_arg;
    if (req.lock_timeout) lock_arg = check_lock_timeout(*req.lock_timeout);
    int64_t lock_ms = lock_arg.value_or(cfg && cfg->lock_timeout_ms ? *cfg->lock_timeout_ms : pmx::default_lock_timeout_ms);

    // One session at a time per set (the same lock maintenance takes), polled at most lock_timeout.
    lock_advisory(kSetLockClass, static_cast<int32>(parent), lock_ms, "partition set " + k.shown);
    BucketBounds e = read_bucket_bounds(k, buckets);
    if (e.moduli_mismatch)
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE,
                        k.shown + " has hash partitions with MODULUS " + std::to_string(e.other_modulus) + ", not " + std::to_string(buckets),
                        std::to_string(e.moduli_mismatch) + " partition(s) use another modulus; a set of N buckets has N partitions of MODULUS N.",
                        "Call create_bucket_partitions with buckets => " + std::to_string(e.other_modulus) + ".");
    if (k.strategy == PARTITION_STRATEGY_LIST) check_coverage(k, e, buckets);

    std::vector<int> missing;
    for (int b = 0; b < buckets; ++b)
        if (!e.covered.count(b)) missing.push_back(b);
    int existing = buckets - static_cast<int>(missing.size());
    std::vector<ActionRow> rows;
    create_buckets(k, e, missing, buckets, lock_ms, rows);
    register_set(k, buckets, t, lock_arg, e.has_default);
    write_log(rows, 0);
    if (existing)
        call([&] {
            ereport(NOTICE, (errmsg("%d of %d buckets of %s already existed", existing, buckets, k.shown.c_str())));
        });
    return rows;
}

}  // namespace pg

}  // namespace pmx
