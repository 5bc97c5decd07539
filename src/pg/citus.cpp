// Citus tables (see citus.hpp).
#include "pg/citus.hpp"

#include "pg/spi.hpp"

extern "C" {
#include "access/genam.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/partition.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_namespace.h"
#include "commands/extension.h"
#include "storage/proc.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
}

#include <string>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

bool citus_installed() {
    // Asked for every partition on local paths too: looked up once per transaction.
    static LocalTransactionId checked = InvalidLocalTransactionId;
    static bool installed = false;
    if (checked != MyProc->lxid || checked == InvalidLocalTransactionId) {
        installed = call([] { return OidIsValid(get_extension_oid("citus", true)); });
        checked = MyProc->lxid;
    }
    return installed;
}

bool is_citus_table(Oid relid) {
    if (!citus_installed()) return false;
    return call([&] {
        Oid catalog = get_relname_relid("pg_dist_partition", PG_CATALOG_NAMESPACE);
        if (!OidIsValid(catalog)) return false;
        AttrNumber att = get_attnum(catalog, "logicalrelid");
        if (att == InvalidAttrNumber) return false;
        // Citus keeps a unique index on logicalrelid; without it (never seen) the catalog is scanned.
        Oid index = get_relname_relid("pg_dist_partition_logical_relid_index", PG_CATALOG_NAMESPACE);
        Relation rel = table_open(catalog, AccessShareLock);
        ScanKeyData key;
        ScanKeyInit(&key, OidIsValid(index) ? 1 : att, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(relid));
        SysScanDesc scan = systable_beginscan(rel, index, OidIsValid(index), nullptr, 1, &key);
        bool found = HeapTupleIsValid(systable_getnext(scan));
        systable_endscan(scan);
        table_close(rel, AccessShareLock);
        return found;
    });
}

namespace {

std::optional<int64_t> opt_int(const Rows& r, size_t row, size_t col) {
    if (!r.at(row, col)) return std::nullopt;
    return r.int8(row, col);
}

// Figures of the given relations, read now (one _citus_stats call).
std::unordered_map<Oid, ShardFigures> read_figures(const std::vector<Oid>& relids) {
    std::vector<std::optional<std::string>> ids;
    for (Oid r : relids) ids.push_back(std::to_string(r));
    Rows r = query("SELECT relid, est_rows, heap_bytes, total_bytes FROM partman_ext._citus_stats($1::oid[])",
                   {text_array_param(ids)});
    std::unordered_map<Oid, ShardFigures> out;
    for (size_t i = 0; i < r.size(); ++i)
        out[static_cast<Oid>(r.int8(i, 0))] = ShardFigures{opt_int(r, i, 1), opt_int(r, i, 2), opt_int(r, i, 3)};
    return out;
}

// Figures kept for the rest of one statement of one transaction, while it changes nothing (any
// write, ANALYZE included, advances the command counter and empties the cache).
struct FigureCache {
    LocalTransactionId lxid = InvalidLocalTransactionId;
    TimestampTz statement = 0;
    CommandId command = InvalidCommandId;
    std::unordered_map<Oid, ShardFigures> figures;
};
FigureCache cache;

}  // namespace

ShardFigures citus_figures(Oid relid) {
    TimestampTz statement = GetCurrentStatementStartTimestamp();
    CommandId command = GetCurrentCommandId(false);
    if (cache.lxid != MyProc->lxid || cache.statement != statement || cache.command != command) {
        cache.figures.clear();
        cache.lxid = MyProc->lxid;
        cache.statement = statement;
        cache.command = command;
    }
    auto it = cache.figures.find(relid);
    if (it != cache.figures.end()) return it->second;
    // A partition: read its siblings too (callers walk all partitions of a set).
    std::vector<Oid> batch{relid};
    List* siblings = call([&] {
        return get_rel_relispartition(relid) ? find_inheritance_children(get_partition_parent(relid, true), NoLock) : NIL;
    });
    ListCell* lc;
    foreach (lc, siblings)
        if (lfirst_oid(lc) != relid) batch.push_back(lfirst_oid(lc));
    for (Oid r : batch) cache.figures[r] = ShardFigures{};  // unknown unless read below
    for (auto& [r, f] : read_figures(batch)) cache.figures[r] = f;
    return cache.figures[relid];
}

bool citus_has_no_blocks(Oid relid) {
    auto figures = read_figures({relid});
    auto it = figures.find(relid);
    return it != figures.end() && it->second.heap_bytes && *it->second.heap_bytes == 0;
}

void citus_sequential_mode(GucScope& guc, Oid parent) {
    if (is_citus_table(parent)) guc.set("citus.multi_shard_modify_mode", "sequential");
}

std::unordered_map<Oid, int64_t> citus_exact_counts(const std::vector<Oid>& leaves) {
    std::unordered_map<Oid, int64_t> out;
    std::string sql;
    for (Oid leaf : leaves) {
        char* schema = call([&] { return get_namespace_name(get_rel_namespace(leaf)); });
        char* name = call([&] { return get_rel_name(leaf); });
        if (!schema || !name) continue;  // dropped meanwhile
        sql += std::string(sql.empty() ? "" : " UNION ALL ") + "SELECT " + std::to_string(leaf) +
               "::oid, count(*) FROM ONLY " + qualified(schema, name);
    }
    if (sql.empty()) return out;
    Rows r = query(sql, {}, true);
    for (size_t i = 0; i < r.size(); ++i) out[static_cast<Oid>(r.int8(i, 0))] = r.int8(i, 1);
    return out;
}

}  // namespace pg

}  // namespace pmx
