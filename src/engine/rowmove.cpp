// Batched row moves (see rowmove.hpp).
#include "engine/rowmove.hpp"

extern "C" {
#include "access/relation.h"
#include "miscadmin.h"
#include "storage/bufmgr.h"
#include "utils/guc.h"
#include "utils/rel.h"
}

#include <climits>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

int default_batch_size = 10000;

void define_movement_settings() {
    DefineCustomIntVariable("partman_ext.batch_size",
                            "Rows moved per batch when partman_ext relocates or copies rows (default partition, "
                            "partition_table, undo_partition_table).",
                            "Each batch is one statement; procedures and the scheduler commit after each one, so "
                            "no lock or row lock is held longer than a batch. A call's batch_size argument overrides it.",
                            &default_batch_size, 10000, 1, INT_MAX, PGC_USERSET, 0, nullptr, nullptr, nullptr);
}

void check_no_referencing_keys(Oid source, const std::string& shown) {
    Rows r = query_cached(
        "SELECT pg_catalog.format('%s (%s)', c.conrelid::pg_catalog.regclass, c.conname) "
        "FROM pg_catalog.pg_constraint c WHERE c.contype = 'f' AND c.confrelid = $1 ORDER BY 1 LIMIT 1",
        {oid_param(source)}, true);
    if (r.size() == 0) return;
    throw UserError(ERRCODE_FEATURE_NOT_SUPPORTED, "rows of " + shown + " cannot be moved",
                    "The foreign key " + r.str(0, 0) + " references it: deleting the rows from " + shown +
                        " to move them would fire that key's ON DELETE action.",
                    "Move these rows yourself, or drop the foreign key while they move. Nothing was moved.");
}

int64_t relation_blocks(Oid relid) {
    return call([&] {
        Relation r = relation_open(relid, AccessShareLock);
        BlockNumber n = RELKIND_HAS_STORAGE(r->rd_rel->relkind) ? RelationGetNumberOfBlocks(r) : 0;
        relation_close(r, NoLock);
        return static_cast<int64_t>(n);
    });
}

int64_t blocks_per_batch(Oid relid, int64_t batch_size) {
    Rows r = query_cached("SELECT reltuples::float8, relpages::float8 FROM pg_catalog.pg_class WHERE oid = $1",
                          {oid_param(relid)}, true);
    double tuples = r.size() ? std::strtod(r.str(0, 0).c_str(), nullptr) : -1;
    double pages = r.size() ? std::strtod(r.str(0, 1).c_str(), nullptr) : 0;
    // Never analyzed: assume small rows (about 60 a block), so a batch stays near batch_size.
    double per_block = tuples > 0 && pages > 0 ? tuples / pages : 60.0;
    if (per_block < 1) per_block = 1;
    double blocks = static_cast<double>(batch_size) / per_block;
    return blocks < 1 ? 1 : static_cast<int64_t>(blocks);
}

int64_t move_batch(const RowMove& m, int64_t from_block, int64_t to_block) {
    std::string blocks = "ctid >= '(" + std::to_string(from_block) + ",0)'::pg_catalog.tid";
    if (to_block >= 0) blocks += " AND ctid < '(" + std::to_string(to_block) + ",0)'::pg_catalog.tid";
    Rows r = query("WITH moved AS (DELETE FROM ONLY " + m.source_name + " WHERE " + blocks + " AND (" + m.where +
                   ") RETURNING " + m.columns + "), arrived AS (INSERT INTO " + m.target_name + " (" + m.columns +
                   ") SELECT " + m.columns + " FROM moved RETURNING 1) "
                   "SELECT (SELECT pg_catalog.count(*) FROM moved), (SELECT pg_catalog.count(*) FROM arrived)");
    int64_t left = r.int8(0, 0), arrived = r.int8(0, 1);
    if (left != arrived) {
        std::string msg = "moving rows out of " + m.source_name + " lost rows: " + std::to_string(left) + " left, " +
                          std::to_string(arrived) + " arrived";
        call([&] {
            ereport(ERROR, (errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION), errmsg("%s", msg.c_str()),
                            errdetail("A row trigger on %s skipped some rows.", m.target_name.c_str()),
                            errhint("Nothing was moved. Fix or disable the trigger, then try again.")));
        });
    }
    return arrived;
}

int64_t move_all(const RowMove& m, int64_t batch_size, progress::Entry* p) {
    const int64_t end = relation_blocks(m.source), step = blocks_per_batch(m.source, batch_size);
    int64_t moved = 0;
    for (int64_t from = 0; from < end; from += step) {
        int64_t n = move_batch(m, from, from + step < end ? from + step : -1);
        moved += n;
        if (p) p->add(n);
        call([] { CHECK_FOR_INTERRUPTS(); });
    }
    return moved;
}

}  // namespace pg

}  // namespace pmx
