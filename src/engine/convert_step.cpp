// The steps of a conversion: copy batches, the check, the swap (see convert.hpp).
#include "core/naming.hpp"
#include "engine/convert.hpp"
#include "engine/convert_internal.hpp"
#include "engine/rowmove.hpp"
#include "engine/table_shape.hpp"
#include "pg/catalog.hpp"
#include "engine/ddl.hpp"
#include "pg/locks.hpp"
#include "engine/maintenance.hpp"
#include "pg/progress.hpp"
#include "engine/sets.hpp"
#include "pg/settings.hpp"
#include "pg/spi.hpp"

extern "C" {
#include "catalog/namespace.h"
#include "portability/instr_time.h"
#include "utils/lsyscache.h"
}

#include <algorithm>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

namespace {

double elapsed_ms(const instr_time& start) {
    instr_time now;
    INSTR_TIME_SET_CURRENT(now);
    INSTR_TIME_SUBTRACT(now, start);
    return INSTR_TIME_GET_MILLISEC(now);
}

bool exists(Oid relid) { return call([&] { return get_rel_relkind(relid) != '\0'; }); }
char relkind(Oid relid) { return call([&] { return get_rel_relkind(relid); }); }

std::string relname(Oid relid) {
    char* n = call([&] { return get_rel_name(relid); });
    return n ? n : "";
}

Oid relid_in(const std::string& schema, const std::string& name) {
    const char* s = schema.c_str();
    const char* n = name.c_str();
    return call([&] { return get_relname_relid(n, get_namespace_oid(s, false)); });
}

std::optional<std::string> option(int64_t id, const char* key) {
    AsUser ext(extension_owner());
    return query("SELECT options ->> $2 FROM partman_ext.data_movement WHERE movement_id = $1", {int8_param(id), text_param(key)})
        .at(0, 0);
}

std::vector<std::pair<std::string, std::string>> index_pairs(int64_t id) {
    AsUser ext(extension_owner());
    Rows r = query("SELECT x ->> 0, x ->> 1 FROM partman_ext.data_movement, "
                   "pg_catalog.jsonb_array_elements(options -> 'indexes') x WHERE movement_id = $1",
                   {int8_param(id)});
    std::vector<std::pair<std::string, std::string>> out;
    for (size_t i = 0; i < r.size(); ++i) out.emplace_back(r.str(i, 0), r.str(i, 1));
    return out;
}

// The source as it is read: ONLY for a plain table, the whole tree for a parent.
std::string source_sql(Oid source) {
    return (relkind(source) == 'r' ? "ONLY " : "") + qualified_name(source);
}

struct Batch {
    int64_t read = 0, inserted = 0;
    std::vector<std::optional<std::string>> last;
};

// One batch in key order after m.last_key: the rows read FOR SHARE (so that a concurrent update
// waits for this batch, then its trigger finds the copy), inserted ON CONFLICT DO NOTHING (rows
// the trigger copied already are skipped).
Batch copy_batch(const Movement& m, int64_t n) {
    const std::string src = source_sql(m.source), tgt = qualified_name(m.target);
    const std::string cols = insertable_columns(m.source);
    std::string keys, keys_desc, key_text, where;
    for (size_t i = 0; i < m.key_columns.size(); ++i) {
        const std::string k = ident(m.key_columns[i]);
        keys += (i ? ", " : "") + k;
        keys_desc += (i ? ", b." : "b.") + k + " DESC";  // b.k: the column, not the text output named k
        key_text += (i ? ", b." : "b.") + k + "::pg_catalog.text";
    }
    if (!m.last_key.empty()) {
        std::string vals;
        for (size_t i = 0; i < m.key_columns.size() && i < m.last_key.size(); ++i) {
            const char* col = m.key_columns[i].c_str();
            const Oid rel = m.source;
            std::string type = query("SELECT pg_catalog.format_type(atttypid, atttypmod) FROM pg_catalog.pg_attribute "
                                     "WHERE attrelid = $1 AND attname = $2",
                                     {oid_param(rel), text_param(std::string(col))}, true)
                                   .str(0, 0);
            vals += std::string(i ? ", " : "") + literal(m.last_key[i].value_or("")) + "::" + type;
        }
        where = " WHERE (" + keys + ") > (" + vals + ")";
    }
    Rows r = query("WITH b AS (SELECT " + cols + " FROM " + src + where + " ORDER BY " + keys + " LIMIT " +
                   std::to_string(n) + " FOR SHARE), i AS (INSERT INTO " + tgt + " (" + cols +
                   ") OVERRIDING SYSTEM VALUE SELECT " + cols + " FROM b ON CONFLICT DO NOTHING RETURNING 1) "
                   "SELECT (SELECT pg_catalog.count(*) FROM b), (SELECT pg_catalog.count(*) FROM i), l.* "
                   "FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT " + key_text + " FROM b ORDER BY " + keys_desc +
                   " LIMIT 1) l ON true");
    Batch b;
    b.read = r.int8(0, 0);
    b.inserted = r.int8(0, 1);
    for (size_t i = 0; i < m.key_columns.size(); ++i) b.last.push_back(r.at(0, 2 + i));
    return b;
}

// In one snapshot the two tables hold the same rows (the trigger writes both in the writer's
// transaction), so their counts agree whenever the copy is complete.
std::pair<int64_t, int64_t> counts(const Movement& m) {
    Rows r = query("SELECT (SELECT pg_catalog.count(*) FROM " + source_sql(m.source) + "), (SELECT pg_catalog.count(*) FROM " +
                       qualified_name(m.target) + ")",
                   {}, false);  // not read-only: a snapshot that sees this transaction's last batch
    return {r.int8(0, 0), r.int8(0, 1)};
}

std::string free_name_in(const std::string& schema, const std::string& base, const std::string& suffix) {
    return free_relation_name(schema, base, suffix, qualified(schema, base));
}

// The short transaction at the end. Locks (already polled): ACCESS EXCLUSIVE on both tables and
// on the dependent views.
std::string swap(Movement& m, int64_t batch, int64_t lock_ms) {
    const bool undo = m.kind == "undo_partition_table";
    const std::string control = option(m.id, "control").value_or("");
    TableShape s = read_shape(m.source, control, !undo);
    std::vector<RelationLock> locks{{m.source, AccessExclusiveLock}, {m.target, AccessExclusiveLock}};
    for (const ShapeView& v : s.views) locks.push_back({v.oid, AccessExclusiveLock});
    // A table written all the time rarely rests: after polling for half the lock_timeout the swap
    // waits in the queue, briefly (writers wait behind it at most kSwapQueueMs), and is retried.
    constexpr int64_t kSwapQueueMs = 100;
    lock_relations_or_queue(locks, std::max<int64_t>(lock_ms / 2, 1), std::min<int64_t>(kSwapQueueMs, lock_ms));
    // Rows written since the last batch have been mirrored by the trigger; copy what is left.
    for (Batch b = copy_batch(m, batch); b.read > 0; b = copy_batch(m, batch)) {
        m.rows_done += b.read;
        m.last_key = b.last;
        if (b.read < batch) break;
    }
    exec("DROP TRIGGER IF EXISTS partman_ext_sync ON " + s.qualified);
    exec("DROP TRIGGER IF EXISTS partman_ext_sync_truncate ON " + s.qualified);
    const std::string name = s.name, schema = s.schema;
    const std::string old_name = free_name_in(schema, name, undo ? "_partitioned" : "_old");
    const std::string target_name = relname(m.target);
    exec("ALTER TABLE " + s.qualified + " RENAME TO " + ident(old_name));
    exec("ALTER TABLE " + qualified(schema, target_name) + " RENAME TO " + ident(name));
    const std::string target = qualified(schema, name), old = qualified(schema, old_name);
    // Index and constraint names follow the table (renaming an index renames its constraint).
    for (const auto& [src_idx, tmp_idx] : index_pairs(m.id)) {
        if (!OidIsValid(relid_in(schema, src_idx)) || !OidIsValid(relid_in(schema, tmp_idx))) continue;
        exec("ALTER INDEX " + qualified(schema, src_idx) + " RENAME TO " + ident(free_name_in(schema, src_idx, "_old")));
        exec("ALTER INDEX " + qualified(schema, tmp_idx) + " RENAME TO " + ident(src_idx));
    }
    for (const ShapeSequence& q : s.sequences) {
        if (!q.identity) {
            exec("ALTER SEQUENCE " + q.qualified + " OWNED BY " + target + "." + ident(q.column));
            continue;
        }
        Rows n = query("SELECT pg_catalog.pg_get_serial_sequence($1, $2)", {text_param(target), text_param(q.column)}, false);
        if (!n.at(0, 0)) continue;
        query("SELECT pg_catalog.setval($1::pg_catalog.regclass, s.last_value, s.is_called) FROM " + q.qualified + " s",
              {text_param(n.str(0, 0))});
        // The identity sequence takes the old one's name too.
        Rows qn = query("SELECT c.relname, n.nspname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
                        "ON n.oid = c.relnamespace WHERE c.oid = $1::pg_catalog.regclass",
                        {text_param(q.qualified)}, false);
        std::string seq_name = qn.str(0, 0), seq_schema = qn.str(0, 1);
        exec("ALTER SEQUENCE " + q.qualified + " RENAME TO " + ident(free_name_in(seq_schema, seq_name, "_old")));
        exec("ALTER SEQUENCE " + n.str(0, 0) + " RENAME TO " + ident(seq_name));
    }
    for (const ShapeView& v : s.views) {
        const std::string sql = "CREATE OR REPLACE VIEW " + v.qualified + v.options + " AS " + v.definition;
        if (v.owner == s.owner) {
            exec(sql);
        } else {
            AsUser as(v.owner);
            exec(sql);
        }
    }
    for (const std::string& t : s.triggers) exec(t);  // written with the table's name, now the new table's
    for (const std::string& g : s.grants) exec(grant_for(g, target));
    std::string note;
    if (!undo) {
        const Oid parent = m.target;
        if (option(m.id, "default_partition").value_or("true") == "false") {
            Rows d = query("SELECT c.oid, pg_catalog.format('%I.%I', n.nspname, c.relname) FROM pg_catalog.pg_partitioned_table p "
                           "JOIN pg_catalog.pg_class c ON c.oid = p.partdefid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                           "WHERE p.partrelid = $1",
                           {oid_param(parent)}, false);
            if (d.size() && !query("SELECT EXISTS (SELECT 1 FROM " + d.str(0, 1) + ")", {}, true).boolean(0, 0)) {
                lock_relations({{static_cast<Oid>(d.int8(0, 0)), AccessExclusiveLock}}, lock_ms);
                exec("DROP TABLE " + d.str(0, 1));
                query("SELECT count(*) FROM partman_ext.update_partition_set($1::oid::pg_catalog.regclass, default_partition => false)",
                      {oid_param(parent)});
            } else if (d.size()) {
                note = "; the default partition keeps the rows no partition covers";
            }
        }
        query("SELECT count(*) FROM partman_ext.update_partition_set($1::oid::pg_catalog.regclass, enabled => true)",
              {oid_param(parent)});
    } else if (load_set(m.source)) {
        query("SELECT count(*) FROM partman_ext.unregister_partition_set($1::oid::pg_catalog.regclass)", {oid_param(m.source)});
    }
    std::string old_fate = "the old table is " + old + " (drop it when you no longer need it)";
    if (option(m.id, "drop_source").value_or("false") == "true") {
        std::optional<StepError> e = in_subtransaction([&] { exec("DROP TABLE " + old); });
        old_fate = e ? "the old table " + old + " stays: " + e->message : "the old table was dropped";
    }
    return target + " is now " + (undo ? "a plain table" : "a partition set") + " with " + std::to_string(m.rows_done) +
           " rows copied in " + std::to_string(m.batches + 1) + " transaction(s); " + old_fate + note;
}

}  // namespace

bool ensure_target_partitions(const Movement& m) {
    std::optional<SetConfig> cfg = load_set(m.parent);
    if (!cfg)
        throw UserError(ERRCODE_UNDEFINED_OBJECT, qualified_name(m.parent) + " is no longer a registered partition set",
                        "partition_table registered it; somebody unregistered it since.",
                        "Register it again with the same settings (enabled => false), then resume.");
    auto fail_on = [&](const std::vector<ActionRow>& rows) {
        for (const ActionRow& r : rows)
            if (r.action == core::Action::failed || (r.action == core::Action::skipped && r.sqlstate))
                throw UserError(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE,
                                "a partition of " + cfg->parent_text + " could not be created",
                                r.partition + ": " + r.message.value_or(core::to_text(r.action)), "The next step tries again.");
    };
    const std::string parent_name = relname(m.parent);
    const std::string schema = call([&] { return static_cast<const char*>(get_namespace_name(get_rel_namespace(m.parent))); });
    ParentInfo info = read_parent(m.parent, nullptr);
    if (!info.default_partition) {
        MaintenanceRequest d;
        d.create = d.retire = d.reapply_privileges = false;
        std::vector<ActionRow> rows;
        maintain_set(*cfg, d, rows);
        fail_on(rows);
        std::string opts = option(m.id, "reloptions").value_or("");
        // Not read-only: the catalog as this transaction just changed it.
        Rows def = query("SELECT pg_catalog.format('%I.%I', n.nspname, c.relname) FROM pg_catalog.pg_partitioned_table p "
                         "JOIN pg_catalog.pg_class c ON c.oid = p.partdefid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                         "WHERE p.partrelid = $1",
                         {oid_param(m.parent)}, false);
        if (!opts.empty() && def.size()) exec("ALTER TABLE " + def.str(0, 0) + " SET (" + opts + ")");
    }
    MaintenanceRequest req;
    req.create = req.retire = req.ensure_default = req.reapply_privileges = false;
    req.range = std::make_pair(*m.lo, *m.hi);
    std::vector<ActionRow> rows;
    MaintenanceOutcome o = maintain_set(*cfg, req, rows);
    fail_on(rows);
    // Named after the table they will belong to after the swap, not after the temporary name.
    const std::string final_name = option(m.id, "name").value_or(parent_name);
    Rows parts = query("SELECT c.relname, c.oid FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid "
                       "WHERE i.inhparent = $1 ORDER BY 1",
                       {oid_param(m.parent)}, false);  // partitions created by this transaction too
    for (size_t i = 0; i < parts.size(); ++i) {
        const std::string p = parts.str(i, 0);
        if (p.compare(0, parent_name.size(), parent_name) != 0 || p.size() == parent_name.size()) continue;
        // The sync trigger may be writing into it already: never queue for its lock.
        lock_relations({{static_cast<Oid>(parts.int8(i, 1)), AccessExclusiveLock}}, cfg->lock_timeout_ms.value_or(pmx::default_lock_timeout_ms));
        const std::string renamed = free_name_in(schema, final_name, p.substr(parent_name.size()));
        exec("ALTER TABLE " + qualified(schema, p) + " RENAME TO " + ident(renamed));
        // Its indexes were named after it too.
        Rows idx = query("SELECT c.relname FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid "
                         "WHERE i.indrelid = $1::pg_catalog.regclass ORDER BY 1",
                         {text_param(qualified(schema, renamed))}, false);
        for (size_t j = 0; j < idx.size(); ++j) {
            const std::string x = idx.str(j, 0);
            if (x.compare(0, p.size(), p) != 0) continue;
            exec("ALTER INDEX " + qualified(schema, x) + " RENAME TO " + ident(free_name_in(schema, renamed, x.substr(p.size()))));
        }
    }
    return !o.more_now;
}

ConvertStep conversion_step(int64_t id, int64_t batch_size) {
    ConvertStep out;
    std::optional<Movement> first = load_movement(id);
    if (!first) {
        out.done = true;
        out.action = core::ConvertAction::done;
        out.message = "movement " + std::to_string(id) + " is no longer in progress";
        return out;
    }
    std::optional<SetConfig> cfg = load_set(first->parent);
    const int64_t lock_ms = cfg && cfg->lock_timeout_ms ? *cfg->lock_timeout_ms : pmx::default_lock_timeout_ms;
    GucScope guc;
    guc.set("lock_timeout", std::to_string(lock_ms));
    lock_advisory(kSetLockClass, static_cast<int32>(first->parent), lock_ms, "partition set " + qualified_name(first->parent));
    std::optional<Movement> loaded = load_movement(id);  // as it is once the lock is ours
    if (!loaded) {
        out.done = true;
        out.action = core::ConvertAction::done;
        out.message = "movement " + std::to_string(id) + " was finished by another session";
        return out;
    }
    Movement m = *loaded;
    if (!exists(m.source) || !exists(m.target)) {
        delete_movement(m.id);
        if (exists(m.source)) {
            AsUser owner(m.owner);
            const std::string src = qualified_name(m.source);
            exec("DROP TRIGGER IF EXISTS partman_ext_sync ON " + src);
            exec("DROP TRIGGER IF EXISTS partman_ext_sync_truncate ON " + src);
        }
        out.done = true;
        out.action = core::ConvertAction::abandoned;
        out.message = std::string(exists(m.source) ? "the new table" : "the source table") +
                      " was dropped by someone else: the conversion is abandoned, its state removed";
        log_movement(m.kind, exists(m.source) ? qualified_name(m.source) : "", "", false, std::string("42P01"), out.message, 0, 0);
        return out;
    }
    // The caller's batch_size (run_data_movement, _movement_step) overrides the movement's; the
    // scheduler passes 0 and keeps the movement's.
    const int64_t batch = batch_size > 0 ? batch_size : m.batch_size > 0 ? m.batch_size : default_batch_size;
    AsUser owner(m.owner);
    progress::Entry prog(m.parent, m.kind + (m.phase == "swap" ? ": swap" : ": copy"), qualified_name(m.target),
                         m.rows_estimated, m.id);
    prog.set_done(m.rows_done);
    if (m.phase == "copy") {
        if (m.kind == "partition_table" && !ensure_target_partitions(m)) {
            out.action = core::ConvertAction::partitions;
            out.message = "created more partitions of " + qualified_name(m.target) + "; the copy follows";
            return out;
        }
        lock_relations({{m.source, RowShareLock}, {m.target, RowExclusiveLock}}, lock_ms);
        Batch b = copy_batch(m, batch);
        m.rows_done += b.read;
        ++m.batches;
        if (b.read > 0) m.last_key = b.last;
        prog.set_done(m.rows_done);
        out.action = core::ConvertAction::copied;
        out.rows = b.read;
        out.message = "batch " + std::to_string(m.batches) + ": " + std::to_string(b.read) + " rows copied into " +
                      qualified_name(m.target) + " (" + std::to_string(m.rows_done) + " of about " +
                      std::to_string(std::max(m.rows_estimated, m.rows_done)) + ")";
        if (b.read < batch) {
            auto [in_source, in_target] = counts(m);
            if (in_source != in_target) {
                m.message = "the copy is complete but " + qualified_name(m.source) + " has " + std::to_string(in_source) +
                            " rows and " + qualified_name(m.target) + " " + std::to_string(in_target) +
                            " (rows written without the trigger: TRUNCATE or DROP of a partition, or triggers disabled)";
                save_movement(m);
                throw UserError(ERRCODE_DATA_CORRUPTED, "cannot finish converting " + qualified_name(m.source), m.message,
                                "Nothing was swapped. Find the difference, fix it, then resume; or drop " +
                                    qualified_name(m.target) + " and start again.");
            }
            m.phase = "swap";
            m.message.clear();
            out.action = core::ConvertAction::verified;
            out.message += "; both tables hold " + std::to_string(in_source) + " rows: the swap follows";
        }
        save_movement(m);
        return out;
    }
    instr_time start;
    INSTR_TIME_SET_CURRENT(start);
    out.message = swap(m, batch, lock_ms);
    delete_movement(m.id);
    log_movement(m.kind, qualified_name(m.target), "", true, std::nullopt, out.message, m.rows_done, elapsed_ms(start));
    out.done = true;
    out.action = core::ConvertAction::swapped;
    out.rows = m.rows_done;
    return out;
}

}  // namespace pg

}  // namespace pmx
