// What converting a table (partition_table, undo_partition_table) must carry over to its
// replacement, read from the catalog: the unique key rows are copied in order of, indexes,
// dependent views, sequences, triggers, foreign keys, grants, comment; and what stops it.
#pragma once

#include "pg/guard.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

struct ShapeIndex {
    Oid oid = InvalidOid;
    std::string name;       // unqualified
    std::string definition; // pg_get_indexdef
    bool unique = false, primary = false, constraint = false;
    std::string constraint_def;        // pg_get_constraintdef of the constraint it backs ("PRIMARY KEY (id)")
    std::vector<std::string> columns;  // key columns (empty for expression indexes)
};

struct ShapeView {
    Oid oid = InvalidOid;
    std::string qualified;
    std::string definition;  // pg_get_viewdef with every name qualified
    std::string options;     // " WITH (security_barrier=true)" or ""
    Oid owner = InvalidOid;
};

struct ShapeSequence {
    std::string qualified;  // the sequence
    std::string column;     // the column whose default or identity it is
    bool identity = false;
};

struct TableShape {
    Oid relid = InvalidOid;
    std::string schema, name, qualified;
    Oid owner = InvalidOid;
    char relkind = 0;
    std::string columns;               // quoted insertable columns
    std::vector<std::string> key;      // columns of the key rows are copied in order of
    std::string key_name;              // the index that provides it
    std::vector<ShapeIndex> indexes;
    std::vector<ShapeView> views;
    std::vector<ShapeSequence> sequences;
    std::vector<std::string> triggers;     // CREATE TRIGGER statements of the user's triggers
    std::vector<std::string> foreign_keys; // " ADD CONSTRAINT x FOREIGN KEY ..." clauses (outgoing)
    std::vector<std::string> grants;       // GRANT statements with %s for the table
    std::optional<std::string> comment;
    std::string reloptions;                // "fillfactor='70', ..." or ""
    std::string tablespace;                // "" or the name
    int64_t est_rows = -1, bytes = 0;
    std::vector<std::string> blockers;     // why it cannot be converted
    std::vector<std::string> notes;        // what the user should know
};

// Reads the shape of relid (as the current user). `control`: the control column, whose presence
// in unique keys matters when the replacement is partitioned.
TableShape read_shape(Oid relid, const std::string& control, bool for_partitioning);

// Renders a GRANT statement of the shape for another table.
std::string grant_for(const std::string& grant, const std::string& qualified_table);

}  // namespace pg

}  // namespace pmx
