// Moving rows from one table into another without holding writers (DESIGN.md §10): a batch is
// one statement, WITH moved AS (DELETE FROM ONLY source WHERE <rows> AND <blocks> RETURNING ..)
// INSERT INTO target .. SELECT .. FROM moved, so a row is in exactly one of the two tables at
// every commit. Batches walk the source by block (a TID range scan reads only those blocks), so
// a whole pass reads the source once whatever its indexes. Locks: ROW EXCLUSIVE on both tables
// (plus the row locks of the rows moved); the caller takes them politely first.
#pragma once

#include "pg/progress.hpp"
#include "pg/spi.hpp"

#include <cstdint>
#include <string>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

struct RowMove {
    Oid source = InvalidOid;
    std::string source_name;  // schema-qualified, quoted; read with ONLY
    std::string target_name;  // schema-qualified, quoted
    std::string columns;      // quoted insertable columns (no generated ones)
    std::string where;        // the rows of source that move
};

// partman_ext.batch_size: rows per batch when a call names none (docs/data-movement.md).
extern int default_batch_size;
// Defines partman_ext.batch_size; called from _PG_init.
void define_movement_settings();

// Refuses (0A000) to move rows out of `source` while a foreign key references it: the DELETE
// would fire that key's ON DELETE action (CASCADE deletes rows of another table).
void check_no_referencing_keys(Oid source, const std::string& shown);

// Blocks of a relation now (0 for one without storage).
int64_t relation_blocks(Oid relid);
// Blocks one batch reads so that it moves about batch_size rows (catalog density; at least 1).
int64_t blocks_per_batch(Oid relid, int64_t batch_size);

// One batch: the rows of m.where whose ctid lies in blocks [from_block, to_block) (to_block < 0:
// up to the end). ERROR 09000, so that the caller's transaction rolls back, when fewer rows
// arrive than left (a trigger skipped some). Returns rows moved.
int64_t move_batch(const RowMove& m, int64_t from_block, int64_t to_block);

// Every row of m.where, in batches of about batch_size rows inside the current transaction
// (progress in p, when given). Returns rows moved.
int64_t move_all(const RowMove& m, int64_t batch_size, progress::Entry* p);

}  // namespace pg

}  // namespace pmx
