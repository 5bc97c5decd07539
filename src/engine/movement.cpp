// partman_ext.data_movement rows (see movement.hpp).
#include "engine/movement.hpp"

#include "pg/catalog.hpp"

extern "C" {
#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/snapmgr.h"
}

#include <cstring>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

namespace {

const char* kColumns =
    "movement_id, kind, parent_table, source_table, target_table, owner_role, lo_units, hi_units, lower_bound, "
    "upper_bound, next_block, phase, batch_size, rows_done, rows_estimated, batches, options::text, "
    "coalesce(message, ''), (SELECT pg_catalog.array_agg(coalesce(k, '')) FROM pg_catalog.unnest(key_columns) k), "
    "(SELECT pg_catalog.array_agg(pg_catalog.quote_nullable(k)) FROM pg_catalog.unnest(last_key) k)";

Movement from_row(const Rows& r) {
    Movement m;
    m.id = r.int8(0, 0);
    m.kind = r.str(0, 1);
    m.parent = static_cast<Oid>(r.int8(0, 2));
    m.source = static_cast<Oid>(r.int8(0, 3));
    m.target = static_cast<Oid>(r.int8(0, 4));
    m.owner = static_cast<Oid>(r.int8(0, 5));
    if (r.at(0, 6)) m.lo = r.int8(0, 6);
    if (r.at(0, 7)) m.hi = r.int8(0, 7);
    m.lower = r.at(0, 8);
    m.upper = r.at(0, 9);
    m.next_block = r.int8(0, 10);
    m.phase = r.str(0, 11);
    m.batch_size = r.int8(0, 12);
    m.rows_done = r.int8(0, 13);
    m.rows_estimated = r.at(0, 14) ? r.int8(0, 14) : -1;
    m.batches = r.int8(0, 15);
    m.options = r.str(0, 16);
    m.message = r.str(0, 17);
    // The arrays element by element (no text parsing of array literals).
    Rows k = query("SELECT c FROM partman_ext.data_movement, pg_catalog.unnest(key_columns) WITH ORDINALITY AS u(c, n) "
                   "WHERE movement_id = $1 ORDER BY n",
                   {int8_param(m.id)});
    for (size_t i = 0; i < k.size(); ++i) m.key_columns.push_back(k.str(i, 0));
    Rows l = query("SELECT v FROM partman_ext.data_movement, pg_catalog.unnest(last_key) WITH ORDINALITY AS u(v, n) "
                   "WHERE movement_id = $1 ORDER BY n",
                   {int8_param(m.id)});
    for (size_t i = 0; i < l.size(); ++i) m.last_key.push_back(l.at(i, 0));
    return m;
}

Param text_array(const std::vector<std::optional<std::string>>& v) { return text_array_param(v); }

}  // namespace

std::optional<Movement> find_movement(const std::string& kind, Oid parent, Oid source) {
    // Maintenance asks this for every set of every pass, and there is seldom a movement: the id is
    // found by a direct scan of the (small) table with the snapshot a statement would use, far
    // cheaper than running one; the whole row is read by a statement only when there is one.
    const char* k = kind.c_str();
    int64_t id = call([&] {
        int64_t found = -1;
        Oid relid = extension_relid("data_movement");
        if (!OidIsValid(relid)) return found;
        Relation rel = table_open(relid, AccessShareLock);
        TupleDesc desc = RelationGetDescr(rel);
        AttrNumber a_id = 0, a_kind = 0, a_parent = 0, a_source = 0;
        for (int i = 0; i < desc->natts; ++i) {
            const char* n = NameStr(TupleDescAttr(desc, i)->attname);
            AttrNumber a = AttrNumber(i + 1);
            if (strcmp(n, "movement_id") == 0) a_id = a;
            else if (strcmp(n, "kind") == 0) a_kind = a;
            else if (strcmp(n, "parent_table") == 0) a_parent = a;
            else if (strcmp(n, "source_table") == 0) a_source = a;
        }
        Snapshot snap = statement_snapshot();
        TableScanDesc scan = table_beginscan(rel, snap, 0, nullptr);
        HeapTuple tup;
        while ((tup = heap_getnext(scan, ForwardScanDirection)) != nullptr) {
            bool null_id, null_kind, null_parent, null_source;
            Datum d_id = heap_getattr(tup, a_id, desc, &null_id);
            Datum d_kind = heap_getattr(tup, a_kind, desc, &null_kind);
            Datum d_parent = heap_getattr(tup, a_parent, desc, &null_parent);
            Datum d_source = heap_getattr(tup, a_source, desc, &null_source);
            if (null_id || null_kind || strcmp(TextDatumGetCString(d_kind), k) != 0) continue;
            if (OidIsValid(parent) && (null_parent || DatumGetObjectId(d_parent) != parent)) continue;
            if (OidIsValid(source) && (null_source || DatumGetObjectId(d_source) != source)) continue;
            if (found < 0 || DatumGetInt64(d_id) < found) found = DatumGetInt64(d_id);
        }
        table_endscan(scan);
        UnregisterSnapshot(snap);
        table_close(rel, AccessShareLock);
        return found;
    });
    if (id < 0) return std::nullopt;
    return load_movement(id);
}

std::optional<Movement> load_movement(int64_t id) {
    AsUser ext(extension_owner());
    Rows r = query(std::string("SELECT ") + kColumns + " FROM partman_ext.data_movement WHERE movement_id = $1",
                   {int8_param(id)});
    if (r.size() == 0) return std::nullopt;
    return from_row(r);
}

std::vector<int64_t> movement_ids(const std::optional<std::string>& kind) {
    AsUser ext(extension_owner());
    Rows r = query("SELECT movement_id FROM partman_ext.data_movement WHERE $1::text IS NULL OR kind = $1 "
                   "ORDER BY movement_id",
                   {text_param(kind)});
    std::vector<int64_t> out;
    for (size_t i = 0; i < r.size(); ++i) out.push_back(r.int8(i, 0));
    return out;
}

int64_t insert_movement(const Movement& m) {
    std::vector<std::optional<std::string>> keys(m.key_columns.begin(), m.key_columns.end());
    AsUser ext(extension_owner());
    Rows r = query(
        "INSERT INTO partman_ext.data_movement (kind, parent_table, source_table, target_table, owner_role, lo_units, "
        "hi_units, lower_bound, upper_bound, key_columns, phase, batch_size, rows_estimated, options) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text[], $11, $12, $13, $14::jsonb) RETURNING movement_id",
        {text_param(m.kind), oid_param(m.parent), oid_param(m.source), oid_param(m.target), oid_param(m.owner),
         int8_param(m.lo), int8_param(m.hi), text_param(m.lower), text_param(m.upper), text_array(keys),
         text_param(m.phase), int8_param(m.batch_size),
         m.rows_estimated >= 0 ? int8_param(m.rows_estimated) : int8_param(std::nullopt), text_param(m.options)});
    return r.int8(0, 0);
}

void save_movement(const Movement& m) {
    AsUser ext(extension_owner());
    query("UPDATE partman_ext.data_movement SET rows_done = $2, rows_estimated = $3, batches = $4, next_block = $5, "
          "last_key = $6::text[], phase = $7, message = nullif($8, ''), target_table = $9, "
          "updated_at = pg_catalog.clock_timestamp(), pid = pg_catalog.pg_backend_pid() WHERE movement_id = $1",
          {int8_param(m.id), int8_param(m.rows_done),
           m.rows_estimated >= 0 ? int8_param(m.rows_estimated) : int8_param(std::nullopt), int8_param(m.batches),
           int8_param(m.next_block), m.last_key.empty() ? Param{TEXTARRAYOID, std::nullopt} : text_array(m.last_key),
           text_param(m.phase), text_param(m.message), oid_param(m.target)});
}

void delete_movement(int64_t id) {
    AsUser ext(extension_owner());
    query("DELETE FROM partman_ext.data_movement WHERE movement_id = $1", {int8_param(id)});
}

void log_movement(const std::string& operation, const std::string& parent, const std::string& partition, bool ok,
                  const std::optional<std::string>& sqlstate, const std::string& message, int64_t rows, double ms) {
    AsUser ext(extension_owner());
    query("INSERT INTO partman_ext.maintenance_log (operation, parent_table, partition_name, success, sqlstate, "
          "message, rows_moved, duration_ms) VALUES ($1, $2, nullif($3, ''), $4, $5, $6, $7, $8::float8)",
          {text_param(operation), text_param(parent), text_param(partition), bool_param(ok), text_param(sqlstate),
           text_param(message), int8_param(rows), text_param(std::to_string(ms))});
}

}  // namespace pg

}  // namespace pmx
