// partman_ext._sync_row(): the trigger that mirrors writes on a table being converted
// (partition_table, undo_partition_table) into its replacement while rows are copied
// (engine/convert.hpp). Row level, AFTER INSERT/UPDATE/DELETE: the same change on the target's
// row with the same key, as the conversion's owner; statement level AFTER TRUNCATE: TRUNCATE of
// the target. It serves only the triggers partman_ext created: the firing table must be the
// movement's source (or one of its partitions).
#include "engine/movement.hpp"
#include "pg/catalog.hpp"
#include "pg/spi.hpp"

extern "C" {
#include "access/htup_details.h"
#include "commands/trigger.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
}

#include <algorithm>
#include <cstdlib>
#include <map>

namespace pmx {  // the project's one namespace (docs/architecture.md)

PMX_FUNCTION(partman_sync_row);

namespace pg {
namespace {

struct SyncPlan {
    bool active = false;  // false: the movement is gone, nothing to mirror
    Oid owner = InvalidOid;
    std::string target;
    std::vector<AttrNumber> insert_cols, update_cols, key_cols;  // attnums in the firing table
    std::vector<Oid> insert_types, update_types, key_types;
    SPIPlanPtr insert = nullptr, update = nullptr, remove = nullptr;
};

// One plan set per (movement, firing table), kept for the session.
std::map<std::pair<int64_t, Oid>, SyncPlan>& plans() {
    static std::map<std::pair<int64_t, Oid>, SyncPlan> p;
    return p;
}

SPIPlanPtr prepare(const std::string& sql, std::vector<Oid> types) {
    const char* q = sql.c_str();
    int n = static_cast<int>(types.size());
    SPIPlanPtr plan = call([&] {
        SPIPlanPtr p = SPI_prepare(q, n, types.data());
        if (p) SPI_keepplan(p);
        return p;
    });
    if (!plan) throw std::runtime_error(std::string("SPI_prepare failed: ") + SPI_result_code_string(SPI_result));
    return plan;
}

SyncPlan build(int64_t id, Oid relid) {
    SyncPlan p;
    std::optional<Movement> m = load_movement(id);
    if (!m) return p;
    bool ours = relid == m->source ||
                query("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_partition_ancestors($1) a WHERE a.relid = $2)",
                      {oid_param(relid), oid_param(m->source)}, true)
                    .boolean(0, 0);
    if (!ours)
        throw UserError(ERRCODE_INSUFFICIENT_PRIVILEGE, "partman_ext._sync_row serves only partman_ext's own triggers",
                        "Movement " + std::to_string(id) + " does not convert " + qualified_name(relid) + ".",
                        "Drop this trigger.");
    p.active = true;
    p.owner = m->owner;
    p.target = qualified_name(m->target);
    // Columns by name: the firing table may be a partition whose attribute numbers differ.
    Rows cols = query(
        "SELECT s.attname, f.attnum, f.atttypid, coalesce(t.attidentity, '') = 'a' "
        "FROM pg_catalog.pg_attribute s JOIN pg_catalog.pg_attribute f ON f.attrelid = $2 AND f.attname = s.attname "
        "LEFT JOIN pg_catalog.pg_attribute t ON t.attrelid = $3 AND t.attname = s.attname "
        "WHERE s.attrelid = $1 AND s.attnum > 0 AND NOT s.attisdropped AND s.attgenerated = '' ORDER BY s.attnum",
        {oid_param(m->source), oid_param(relid), oid_param(m->target)}, true);
    std::string names, values, sets;
    for (size_t i = 0; i < cols.size(); ++i) {
        const std::string c = ident(cols.str(i, 0));
        p.insert_cols.push_back(static_cast<AttrNumber>(cols.int8(i, 1)));
        p.insert_types.push_back(static_cast<Oid>(cols.int8(i, 2)));
        names += (i ? ", " : "") + c;
        values += (i ? ", $" : "$") + std::to_string(i + 1);
        if (cols.boolean(i, 3)) continue;  // GENERATED ALWAYS AS IDENTITY: never updated
        p.update_cols.push_back(p.insert_cols.back());
        p.update_types.push_back(p.insert_types.back());
        sets += std::string(sets.empty() ? "" : ", ") + c + " = $" + std::to_string(p.update_cols.size());
    }
    std::vector<std::string> key = m->key_columns;
    std::string control;
    {
        AsUser ext(extension_owner());
        control = query("SELECT options ->> 'control' FROM partman_ext.data_movement WHERE movement_id = $1",
                        {int8_param(id)}, true).str(0, 0);
    }
    if (!control.empty() && std::find(key.begin(), key.end(), control) == key.end()) key.push_back(control);
    std::string where;
    for (const std::string& k : key) {
        const char* kn = k.c_str();
        AttrNumber att = call([&] { return get_attnum(relid, kn); });
        Oid type = call([&] { return get_atttype(relid, att); });
        p.key_cols.push_back(att);
        p.key_types.push_back(type);
        where += std::string(where.empty() ? "" : " AND ") + ident(k) + " = $" + std::to_string(p.key_types.size());
    }
    p.insert = prepare("INSERT INTO " + p.target + " (" + names + ") OVERRIDING SYSTEM VALUE VALUES (" + values +
                           ") ON CONFLICT DO NOTHING",
                       p.insert_types);
    std::vector<Oid> upd_types = p.update_types;
    std::string upd_where;
    for (size_t i = 0; i < key.size(); ++i) {
        upd_types.push_back(p.key_types[i]);
        upd_where += std::string(i ? " AND " : "") + ident(key[i]) + " = $" + std::to_string(upd_types.size());
    }
    p.update = prepare("UPDATE " + p.target + " SET " + sets + " WHERE " + upd_where, upd_types);
    p.remove = prepare("DELETE FROM " + p.target + " WHERE " + where, p.key_types);
    return p;
}

void run(SPIPlanPtr plan, HeapTuple tuple, TupleDesc desc, const std::vector<AttrNumber>& atts,
         const std::vector<AttrNumber>* more = nullptr, HeapTuple more_tuple = nullptr) {
    std::vector<Datum> values;
    std::vector<char> nulls;
    auto add = [&](HeapTuple t, const std::vector<AttrNumber>& list) {
        for (AttrNumber a : list) {
            bool isnull = false;
            Datum d = heap_getattr(t, a, desc, &isnull);
            values.push_back(d);
            nulls.push_back(isnull ? 'n' : ' ');
        }
    };
    add(tuple, atts);
    if (more) add(more_tuple, *more);
    int rc = call([&] { return SPI_execute_plan(plan, values.data(), nulls.data(), false, 0); });
    if (rc < 0) throw std::runtime_error(std::string("SPI error: ") + SPI_result_code_string(rc));
}

Datum sync_impl(FunctionCallInfo fcinfo) {
    if (!CALLED_AS_TRIGGER(fcinfo))
        throw UserError(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED, "partman_ext._sync_row is a trigger function",
                        "It mirrors writes on a table being converted.", "partman_ext creates and drops its triggers itself.");
    auto* td = reinterpret_cast<TriggerData*>(fcinfo->context);
    if (td->tg_trigger->tgnargs < 1)
        throw UserError(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED, "partman_ext._sync_row needs the movement's id",
                        "Its triggers pass it as their argument.", "partman_ext creates and drops its triggers itself.");
    const int64_t id = std::strtoll(td->tg_trigger->tgargs[0], nullptr, 10);
    const Oid relid = RelationGetRelid(td->tg_relation);
    Spi spi;
    auto key = std::make_pair(id, relid);
    auto it = plans().find(key);
    if (it == plans().end()) it = plans().emplace(key, build(id, relid)).first;
    const SyncPlan& p = it->second;
    if (!p.active) return PointerGetDatum(nullptr);
    AsUser owner(p.owner);
    const TriggerEvent ev = td->tg_event;
    TupleDesc desc = RelationGetDescr(td->tg_relation);
    if (TRIGGER_FIRED_BY_TRUNCATE(ev)) {
        exec("TRUNCATE " + p.target);
    } else if (TRIGGER_FIRED_BY_INSERT(ev)) {
        run(p.insert, td->tg_trigtuple, desc, p.insert_cols);
    } else if (TRIGGER_FIRED_BY_DELETE(ev)) {
        run(p.remove, td->tg_trigtuple, desc, p.key_cols);
    } else if (TRIGGER_FIRED_BY_UPDATE(ev)) {
        // The new values where the old key is; a row not copied yet is copied later as it is then.
        run(p.update, td->tg_newtuple, desc, p.update_cols, &p.key_cols, td->tg_trigtuple);
    }
    return PointerGetDatum(nullptr);
}

}  // namespace
}  // namespace pg

Datum partman_sync_row(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::sync_impl(fcinfo); }); }

}  // namespace pmx
