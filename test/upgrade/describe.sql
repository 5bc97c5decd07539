-- Describes every object of the extension partman_ext, one line each, in a stable order, so that
-- two databases can be compared: an upgraded one and a fresh install (test/shell/upgrade.sh).
-- Functions with their full definition, ACL and comment; tables with columns, defaults,
-- constraints, indexes, triggers, policies, ACLs and comments; views with their query; types,
-- sequences, the event trigger, the schema, and the extension's configuration-dump settings.
\pset format unaligned
\pset tuples_only on
WITH members AS (
    SELECT d.classid, d.objid
      FROM pg_depend d JOIN pg_extension e ON d.refobjid = e.oid AND d.refclassid = 'pg_extension'::regclass
     WHERE e.extname = 'partman_ext' AND d.deptype = 'e'
),
lines AS (
    SELECT 'function ' || p.oid::regprocedure::text || E'\n' || pg_get_functiondef(p.oid)
           || E'\nacl ' || coalesce(p.proacl::text, '-') || E'\ncomment ' || coalesce(obj_description(p.oid, 'pg_proc'), '-') AS line
      FROM members m JOIN pg_proc p ON m.classid = 'pg_proc'::regclass AND p.oid = m.objid
    UNION ALL
    SELECT 'relation ' || c.relkind::text || ' ' || c.oid::regclass::text
           || ' acl ' || coalesce(c.relacl::text, '-') || ' rls ' || c.relrowsecurity
           || ' options ' || coalesce(c.reloptions::text, '-')
           || E'\ncomment ' || coalesce(obj_description(c.oid, 'pg_class'), '-')
           || CASE WHEN c.relkind = 'v' THEN E'\nquery ' || pg_get_viewdef(c.oid) ELSE '' END
           || coalesce((SELECT string_agg(E'\ncolumn ' || a.attnum || ' ' || quote_ident(a.attname) || ' '
                                         || format_type(a.atttypid, a.atttypmod)
                                         || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
                                         || coalesce(' default ' || pg_get_expr(ad.adbin, ad.adrelid), '')
                                         || CASE WHEN a.attidentity <> '' THEN ' identity ' || a.attidentity::text ELSE '' END
                                         || ' acl ' || coalesce(a.attacl::text, '-')
                                         || ' comment ' || coalesce(col_description(c.oid, a.attnum), '-'), '' ORDER BY a.attnum)
                          FROM pg_attribute a LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
                         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '')
           || coalesce((SELECT string_agg(E'\nconstraint ' || co.conname || ' ' || pg_get_constraintdef(co.oid), '' ORDER BY co.conname)
                          FROM pg_constraint co WHERE co.conrelid = c.oid), '')
           || coalesce((SELECT string_agg(E'\nindex ' || regexp_replace(pg_get_indexdef(i.indexrelid), 'INDEX \S+ ON', 'INDEX ON'), ''
                                          ORDER BY regexp_replace(pg_get_indexdef(i.indexrelid), 'INDEX \S+ ON', 'INDEX ON'))
                          FROM pg_index i WHERE i.indrelid = c.oid), '')
           || coalesce((SELECT string_agg(E'\ntrigger ' || pg_get_triggerdef(t.oid), '' ORDER BY t.tgname)
                          FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal), '')
           || coalesce((SELECT string_agg(E'\npolicy ' || po.polname || ' ' || po.polcmd::text || ' ' || coalesce(pg_get_expr(po.polqual, po.polrelid), '-')
                                          || ' ' || coalesce(pg_get_expr(po.polwithcheck, po.polrelid), '-'), '' ORDER BY po.polname)
                          FROM pg_policy po WHERE po.polrelid = c.oid), '')
      FROM members m JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid
    UNION ALL
    SELECT 'type ' || t.oid::regtype::text || ' ' || t.typtype::text
           || E'\ncomment ' || coalesce(obj_description(t.oid, 'pg_type'), '-')
           || coalesce((SELECT string_agg(E'\nattribute ' || a.attnum || ' ' || quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod), '' ORDER BY a.attnum)
                          FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), '')
      FROM members m JOIN pg_type t ON m.classid = 'pg_type'::regclass AND t.oid = m.objid
    UNION ALL
    SELECT 'event trigger ' || et.evtname || ' ' || et.evtevent || ' ' || et.evtfoid::regprocedure::text || ' ' || et.evtenabled::text
           || ' tags ' || coalesce(et.evttags::text, '-') || E'\ncomment ' || coalesce(obj_description(et.oid, 'pg_event_trigger'), '-')
      FROM members m JOIN pg_event_trigger et ON m.classid = 'pg_event_trigger'::regclass AND et.oid = m.objid
    UNION ALL
    SELECT 'other member ' || pg_describe_object(m.classid, m.objid, 0)
      FROM members m
     WHERE m.classid NOT IN ('pg_proc'::regclass, 'pg_class'::regclass, 'pg_type'::regclass, 'pg_event_trigger'::regclass)
    UNION ALL
    SELECT 'schema ' || n.nspname || ' owner-is-extension-owner ' || (n.nspowner = e.extowner) || ' acl ' || coalesce(n.nspacl::text, '-')
           || E'\ncomment ' || coalesce(obj_description(n.oid, 'pg_namespace'), '-')
      FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'partman_ext'
    UNION ALL
    SELECT 'config dump ' || (SELECT string_agg(c.oid::regclass::text || ' ' || coalesce(e.extcondition[i], '-'), ', ' ORDER BY c.oid::regclass::text)
                                FROM generate_subscripts(e.extconfig, 1) i JOIN pg_class c ON c.oid = e.extconfig[i])
      FROM pg_extension e WHERE e.extname = 'partman_ext'
)
SELECT line FROM lines ORDER BY line;
