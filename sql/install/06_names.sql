-- Relation names in results (issue 11, item 3; docs/reference.md, "Names"): every column that
-- names a table is regclass. PostgreSQL compares regclass with a quoted literal as an OID (there is
-- no regclass = regclass operator, so 'events' is read as oid and fails), so these operators let
-- WHERE parent_table = 'events' resolve the name like 'events'::regclass does (search_path,
-- quoting, schema qualification; an unknown name raises 42P01). They are found while this schema
-- is on the search_path (the seeds' SELECT * FROM partition_health_summary needs that too);
-- elsewhere write 'events'::regclass. The functions inline, so an index on a regclass column
-- serves the comparison.
CREATE FUNCTION @extschema@._regclass_eq_name(rel regclass, relname text)
RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT rel = relname::pg_catalog.regclass $$;
COMMENT ON FUNCTION @extschema@._regclass_eq_name(regclass, text) IS
'partman_ext internal: rel = relname::regclass (the operator regclass = text).';
CREATE FUNCTION @extschema@._name_eq_regclass(relname text, rel regclass)
RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT relname::pg_catalog.regclass = rel $$;
COMMENT ON FUNCTION @extschema@._name_eq_regclass(text, regclass) IS
'partman_ext internal: relname::regclass = rel (the operator text = regclass).';
CREATE FUNCTION @extschema@._regclass_ne_name(rel regclass, relname text)
RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT rel <> relname::pg_catalog.regclass $$;
COMMENT ON FUNCTION @extschema@._regclass_ne_name(regclass, text) IS
'partman_ext internal: rel <> relname::regclass (the operator regclass <> text).';
CREATE FUNCTION @extschema@._name_ne_regclass(relname text, rel regclass)
RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT relname::pg_catalog.regclass <> rel $$;
COMMENT ON FUNCTION @extschema@._name_ne_regclass(text, regclass) IS
'partman_ext internal: relname::regclass <> rel (the operator text <> regclass).';

CREATE OPERATOR @extschema@.= (LEFTARG = regclass, RIGHTARG = text, FUNCTION = @extschema@._regclass_eq_name,
                               COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
                               RESTRICT = eqsel, JOIN = eqjoinsel);
CREATE OPERATOR @extschema@.= (LEFTARG = text, RIGHTARG = regclass, FUNCTION = @extschema@._name_eq_regclass,
                               COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
                               RESTRICT = eqsel, JOIN = eqjoinsel);
CREATE OPERATOR @extschema@.<> (LEFTARG = regclass, RIGHTARG = text, FUNCTION = @extschema@._regclass_ne_name,
                                COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
                                RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR @extschema@.<> (LEFTARG = text, RIGHTARG = regclass, FUNCTION = @extschema@._name_ne_regclass,
                                COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
                                RESTRICT = neqsel, JOIN = neqjoinsel);
COMMENT ON OPERATOR @extschema@.= (regclass, text) IS
'partman_ext: a regclass column equals a relation name (WHERE parent_table = ''events''): the name is read as ''events''::regclass.';
COMMENT ON OPERATOR @extschema@.= (text, regclass) IS
'partman_ext: a relation name equals a regclass column (''events'' = parent_table).';
COMMENT ON OPERATOR @extschema@.<> (regclass, text) IS
'partman_ext: a regclass column differs from a relation name (the name read as regclass).';
COMMENT ON OPERATOR @extschema@.<> (text, regclass) IS
'partman_ext: a relation name differs from a regclass column (the name read as regclass).';
