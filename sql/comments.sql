-- Every object of partman_ext has a COMMENT (issue 12, item 8): the schema, every member of the
-- extension (functions, procedures, tables, views, types, sequences, the event trigger), every
-- column of its tables and of the public composite type partition_action, the triggers on its
-- tables and the row-level security policy. Each query lists what lacks one: all must be empty.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS partman_ext;
RESET client_min_messages;
SELECT 'schema' AS missing WHERE obj_description('partman_ext'::regnamespace, 'pg_namespace') IS NULL;
SELECT pg_describe_object(d.classid, d.objid, d.objsubid) AS missing
  FROM pg_depend d
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'partman_ext'
 WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
   AND obj_description(d.objid, d.classid::regclass::name) IS NULL
 ORDER BY 1;
SELECT format('%s.%s', c.relname, a.attname) AS missing
  FROM pg_class c
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE c.relnamespace = 'partman_ext'::regnamespace
   AND (c.relkind IN ('r', 'p') OR (c.relkind = 'c' AND c.relname NOT LIKE '\_%'))
   AND col_description(c.oid, a.attnum) IS NULL
 ORDER BY 1;
SELECT format('trigger %s on %s', t.tgname, t.tgrelid::regclass) AS missing
  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
 WHERE c.relnamespace = 'partman_ext'::regnamespace AND NOT t.tgisinternal
   AND obj_description(t.oid, 'pg_trigger') IS NULL;
SELECT format('policy %s on %s', p.polname, p.polrelid::regclass) AS missing
  FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
 WHERE c.relnamespace = 'partman_ext'::regnamespace
   AND obj_description(p.oid, 'pg_policy') IS NULL;
-- And every comment says what it belongs to: the product's prefix on functions, tables, views, types.
SELECT pg_describe_object(d.classid, d.objid, d.objsubid) AS without_prefix
  FROM pg_depend d
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'partman_ext'
 WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
   AND obj_description(d.objid, d.classid::regclass::name) NOT LIKE 'partman_ext%'
 ORDER BY 1;
