// The shape of a table to convert (see table_shape.hpp).
#include "engine/table_shape.hpp"

#include "pg/catalog.hpp"
#include "pg/spi.hpp"

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

namespace {

std::vector<std::string> column_list(const std::optional<std::string>& csv) {
    std::vector<std::string> out;
    if (!csv) return out;
    std::string cur;
    for (char c : *csv) {
        if (c == '\x1f') {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

void read_basics(TableShape& s) {
    Rows r = query(
        "SELECT n.nspname, c.relname, c.relowner, c.relkind, c.relispartition, c.relpersistence, c.relrowsecurity, "
        "coalesce(pg_catalog.array_to_string(c.reloptions, ', '), ''), coalesce(t.spcname, ''), "
        "pg_catalog.obj_description(c.oid, 'pg_class'), c.reltuples::bigint, "
        "pg_catalog.pg_total_relation_size(c.oid), c.relreplident "
        "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "LEFT JOIN pg_catalog.pg_tablespace t ON t.oid = c.reltablespace WHERE c.oid = $1",
        {oid_param(s.relid)}, true);
    s.schema = r.str(0, 0);
    s.name = r.str(0, 1);
    s.qualified = qualified(s.schema, s.name);
    s.owner = static_cast<Oid>(r.int8(0, 2));
    s.relkind = r.str(0, 3)[0];
    if (r.boolean(0, 4)) s.blockers.push_back(s.qualified + " is a partition of another table");
    if (r.str(0, 5) == "t") s.blockers.push_back(s.qualified + " is a temporary table");
    if (r.str(0, 5) == "u") s.blockers.push_back(s.qualified + " is UNLOGGED (PostgreSQL 15 cannot partition an unlogged table)");
    if (r.boolean(0, 6))
        s.blockers.push_back(s.qualified + " has row-level security enabled (its policies are not carried over; "
                                           "disable it, convert, then enable it and create the policies on the new table)");
    s.reloptions = r.str(0, 7);
    s.tablespace = r.str(0, 8);
    s.comment = r.at(0, 9);
    s.est_rows = planner_rows(s.relid);  // reltuples, or the planner's estimate before the first ANALYZE
    s.bytes = r.int8(0, 11);
    if (r.str(0, 12) != "d") s.notes.push_back("its REPLICA IDENTITY setting is not carried over");
}

void read_blockers(TableShape& s) {
    Rows r = query(
        "SELECT 'it takes part in table inheritance' FROM pg_catalog.pg_inherits WHERE (inhrelid = $1 OR inhparent = $1) "
        "  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class WHERE oid = $1 AND relkind = 'p') "
        "UNION ALL SELECT 'rule ' || pg_catalog.quote_ident(rulename) || ' acts on it (rules are not carried over)' "
        "  FROM pg_catalog.pg_rewrite WHERE ev_class = $1 AND rulename <> '_RETURN' "
        "UNION ALL SELECT 'the foreign key ' || pg_catalog.quote_ident(conname) || ' of ' || conrelid::pg_catalog.regclass::text "
        "  || ' references it (a key on a partitioned table must include the partition key)' "
        "  FROM pg_catalog.pg_constraint WHERE confrelid = $1 AND contype = 'f' AND conparentid = 0 "
        "UNION ALL SELECT 'the exclusion constraint ' || pg_catalog.quote_ident(conname) || ' (PostgreSQL 15 has none on partitioned tables)' "
        "  FROM pg_catalog.pg_constraint WHERE conrelid = $1 AND contype = 'x'",
        {oid_param(s.relid)}, true);
    for (size_t i = 0; i < r.size(); ++i) s.blockers.push_back(r.str(i, 0));
    Rows m = query(
        "SELECT DISTINCT v.oid::pg_catalog.regclass::text, v.relkind FROM pg_catalog.pg_depend d "
        "JOIN pg_catalog.pg_rewrite w ON w.oid = d.objid JOIN pg_catalog.pg_class v ON v.oid = w.ev_class "
        "WHERE d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND d.refobjid = $1 AND v.oid <> $1 AND v.relkind = 'm'",
        {oid_param(s.relid)}, true);
    for (size_t i = 0; i < m.size(); ++i)
        s.notes.push_back("materialized view " + m.str(i, 0) + " keeps reading the old table: recreate it afterwards");
    Rows p = query("SELECT pubname FROM pg_catalog.pg_publication_rel pr JOIN pg_catalog.pg_publication p ON p.oid = pr.prpubid "
                   "WHERE pr.prrelid = $1",
                   {oid_param(s.relid)}, true);
    for (size_t i = 0; i < p.size(); ++i)
        s.notes.push_back("publication " + ident(p.str(i, 0)) + " publishes the old table: add the new one to it");
}

void read_indexes(TableShape& s, const std::string& control, bool for_partitioning) {
    Rows r = query(
        "SELECT i.indexrelid, c.relname, pg_catalog.pg_get_indexdef(i.indexrelid), i.indisunique, i.indisprimary, "
        "EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid), "
        "CASE WHEN i.indexprs IS NULL THEN (SELECT pg_catalog.string_agg(a.attname, E'\\x1f' ORDER BY k.n) "
        "  FROM pg_catalog.unnest(i.indkey[0:i.indnkeyatts - 1]) WITH ORDINALITY AS k(att, n) "
        "  JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.att) END, "
        "i.indpred IS NULL AND i.indexprs IS NULL AND i.indisvalid AND i.indimmediate AND "
        "  NOT EXISTS (SELECT 1 FROM pg_catalog.unnest(i.indkey[0:i.indnkeyatts - 1]) k(att) "
        "    JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.att WHERE NOT a.attnotnull), "
        "(SELECT pg_catalog.pg_get_constraintdef(k.oid) FROM pg_catalog.pg_constraint k "
        "  WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid) "
        "FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid "
        "WHERE i.indrelid = $1 ORDER BY i.indisprimary DESC, i.indnkeyatts, c.relname",
        {oid_param(s.relid)}, true);
    for (size_t i = 0; i < r.size(); ++i) {
        ShapeIndex x;
        x.oid = static_cast<Oid>(r.int8(i, 0));
        x.name = r.str(i, 1);
        x.definition = r.str(i, 2);
        x.unique = r.boolean(i, 3);
        x.primary = r.boolean(i, 4);
        x.constraint = r.boolean(i, 5);
        x.columns = column_list(r.at(i, 6));
        x.constraint_def = r.str(i, 8);
        bool usable_key = r.boolean(i, 7) && x.unique;
        if (usable_key && s.key.empty()) {
            s.key = x.columns;
            s.key_name = x.name;
        }
        if (for_partitioning && x.unique) {
            bool has_control = false;
            for (const std::string& c : x.columns) has_control = has_control || c == control;
            if (x.columns.empty())
                s.blockers.push_back("the unique index " + ident(x.name) + " is on an expression; a unique index of a "
                                     "partitioned table must contain the partition key as a column");
            else if (!has_control)
                s.notes.push_back(std::string(x.primary ? "the primary key " : "the unique index ") + ident(x.name) +
                                  " becomes unique on its columns plus " + ident(control) +
                                  " (PostgreSQL requires the partition key in every unique key of a partitioned table)");
        }
        s.indexes.push_back(x);
    }
    if (s.key.empty())
        s.blockers.push_back(s.qualified + " has no primary key or unique index on NOT NULL columns (without "
                             "expressions or a WHERE clause), which copying needs to follow the writes made meanwhile");
}

void read_views(TableShape& s) {
    GucScope guc;
    guc.set("search_path", "pg_catalog");  // every name in the definitions qualified
    Rows r = query(
        "SELECT DISTINCT v.oid, pg_catalog.format('%I.%I', n.nspname, v.relname), pg_catalog.pg_get_viewdef(v.oid), "
        "coalesce(' WITH (' || pg_catalog.array_to_string(v.reloptions, ', ') || ')', ''), v.relowner "
        "FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_rewrite w ON w.oid = d.objid "
        "JOIN pg_catalog.pg_class v ON v.oid = w.ev_class JOIN pg_catalog.pg_namespace n ON n.oid = v.relnamespace "
        "WHERE d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass "
        "AND d.refobjid = $1 AND v.oid <> $1 AND v.relkind = 'v' ORDER BY 2",
        {oid_param(s.relid)}, true);
    for (size_t i = 0; i < r.size(); ++i) {
        ShapeView v;
        v.oid = static_cast<Oid>(r.int8(i, 0));
        v.qualified = r.str(i, 1);
        v.definition = r.str(i, 2);
        v.options = r.str(i, 3);
        v.owner = static_cast<Oid>(r.int8(i, 4));
        s.views.push_back(v);
    }
}

void read_rest(TableShape& s) {
    s.columns = query("SELECT pg_catalog.string_agg(pg_catalog.quote_ident(attname), ', ' ORDER BY attnum) "
                      "FROM pg_catalog.pg_attribute WHERE attrelid = $1 AND attnum > 0 AND NOT attisdropped AND attgenerated = ''",
                      {oid_param(s.relid)}, true)
                    .str(0, 0);
    Rows q = query(
        "SELECT pg_catalog.format('%I.%I', sn.nspname, sq.relname), a.attname, d.deptype = 'i' "
        "FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_class sq ON sq.oid = d.objid AND sq.relkind = 'S' "
        "JOIN pg_catalog.pg_namespace sn ON sn.oid = sq.relnamespace "
        "JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid "
        "WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass "
        "AND d.refobjid = $1 AND d.deptype IN ('a', 'i') ORDER BY a.attnum",
        {oid_param(s.relid)}, true);
    for (size_t i = 0; i < q.size(); ++i) s.sequences.push_back(ShapeSequence{q.str(i, 0), q.str(i, 1), q.boolean(i, 2)});
    {
        GucScope guc;
        guc.set("search_path", "pg_catalog");
        Rows t = query("SELECT pg_catalog.pg_get_triggerdef(oid) FROM pg_catalog.pg_trigger WHERE tgrelid = $1 "
                       "AND NOT tgisinternal AND tgparentid = 0 AND tgname NOT LIKE 'partman\\_ext\\_sync%' ORDER BY tgname",
                       {oid_param(s.relid)}, true);
        for (size_t i = 0; i < t.size(); ++i) s.triggers.push_back(t.str(i, 0));
        Rows f = query("SELECT ' ADD CONSTRAINT ' || pg_catalog.quote_ident(conname) || ' ' || pg_catalog.pg_get_constraintdef(oid) "
                       "FROM pg_catalog.pg_constraint WHERE conrelid = $1 AND contype = 'f' AND conparentid = 0 ORDER BY conname",
                       {oid_param(s.relid)}, true);
        for (size_t i = 0; i < f.size(); ++i) s.foreign_keys.push_back(f.str(i, 0));
    }
    Rows g = query(
        "SELECT pg_catalog.format('GRANT %s ON TABLE %%s TO %s%s', pg_catalog.string_agg(a.privilege_type, ', '), "
        "  CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(a.grantee)) END, "
        "  CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END) "
        "FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a WHERE c.oid = $1 AND a.grantee <> c.relowner "
        "GROUP BY a.grantee, a.is_grantable "
        "UNION ALL "
        "SELECT pg_catalog.format('GRANT %s (%I) ON TABLE %%s TO %s%s', a.privilege_type, t.attname, "
        "  CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(a.grantee)) END, "
        "  CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END) "
        "FROM pg_catalog.pg_attribute t, pg_catalog.aclexplode(t.attacl) a WHERE t.attrelid = $1 AND t.attnum > 0 "
        "AND NOT t.attisdropped",
        {oid_param(s.relid)}, true);
    for (size_t i = 0; i < g.size(); ++i) s.grants.push_back(g.str(i, 0));
}

}  // namespace

TableShape read_shape(Oid relid, const std::string& control, bool for_partitioning) {
    TableShape s;
    s.relid = relid;
    GucScope guc;
    guc.set("search_path", "pg_catalog");  // definitions read with every name qualified
    read_basics(s);
    if (for_partitioning && s.relkind != 'r')
        s.blockers.push_back(s.qualified + " is not a plain table");
    read_blockers(s);
    read_indexes(s, control, for_partitioning);
    read_views(s);
    read_rest(s);
    return s;
}

std::string grant_for(const std::string& grant, const std::string& qualified_table) {
    std::string out = grant;
    size_t at = out.find("%s");
    if (at != std::string::npos) out.replace(at, 2, qualified_table);
    return out;
}

}  // namespace pg

}  // namespace pmx
