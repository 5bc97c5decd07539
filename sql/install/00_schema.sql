-- partman_ext install script. Assembled from sql/install/NN_*.sql by the Makefile.
\echo Use "CREATE EXTENSION partman_ext" to load this file. \quit

-- Members of partman_ext_admin may register, change and maintain any partition set; everybody
-- else only the sets whose parent they own. The role is cluster-wide and outlives the extension.
DO $$
BEGIN
    CREATE ROLE partman_ext_admin NOLOGIN;
EXCEPTION WHEN duplicate_object THEN
    NULL;
END
$$;

GRANT USAGE ON SCHEMA @extschema@ TO PUBLIC;
