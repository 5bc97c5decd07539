-- partman_ext install script. Assembled from sql/install/NN_*.sql by the Makefile.
\echo Use "CREATE EXTENSION partman_ext" to load this file. \quit

-- Members of partman_ext_admin may register, change and maintain any partition set; everybody
-- else only the sets whose parent they own. The role is cluster-wide: created here when missing
-- (and marked so by its comment), it is dropped by DROP EXTENSION in the last database that has
-- the extension, unless roles are members of it (docs/scheduler.md, "Removing the extension").
-- A role of that name made beforehand by an administrator is used and never dropped.
DO $$
BEGIN
    CREATE ROLE partman_ext_admin NOLOGIN;
    COMMENT ON ROLE partman_ext_admin IS
        'partman_ext: created by CREATE EXTENSION partman_ext; members may register, change and maintain every partition set. Dropped with the extension''s last installation unless it has members.';
EXCEPTION WHEN duplicate_object THEN
    NULL;
END
$$;

-- CREATE EXTENSION creates the schema, but PostgreSQL does not make it a member of the extension
-- (it contains it): the comment marks it, and DROP EXTENSION drops it when nothing else is in it.
DO $$
BEGIN
    IF pg_catalog.obj_description('@extschema@'::regnamespace, 'pg_namespace') IS NULL THEN
        COMMENT ON SCHEMA @extschema@ IS
            'partman_ext: the schema of the extension partman_ext (partition sets managed from inside PostgreSQL: registration, premake, retention, default-partition relocation, routing, skew, monitoring views, health alerts and the scheduler''s jobs; start with README.md and docs/reference.md). DROP EXTENSION drops it when nothing else is in it.';
    END IF;
END
$$;
GRANT USAGE ON SCHEMA @extschema@ TO PUBLIC;
