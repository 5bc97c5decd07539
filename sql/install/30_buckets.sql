-- Bucket sets: routing, bucket creation, skew, heavy keys, rebalancing advice (docs/buckets.md).

-- Routing ----------------------------------------------------------------------------------------
CREATE FUNCTION @extschema@.get_partition_for_value(parent regclass, value anyelement)
RETURNS regclass LANGUAGE c STABLE PARALLEL SAFE CALLED ON NULL INPUT
AS 'MODULE_PATHNAME', 'partman_get_partition_for_value';
COMMENT ON FUNCTION @extschema@.get_partition_for_value(regclass, anyelement) IS
'partman_ext: the leaf partition PostgreSQL would route a row to whose key column holds value (for a key expression such as mod(hashtext(id::text), 100), value is the id), or whose whole row is value (a value of the parent''s row type). Follows RANGE, LIST, HASH, key expressions, sub-partitions and the DEFAULT partition through the relcache partition descriptor; raises SQLSTATE 23514 when no partition accepts the key.';

CREATE FUNCTION @extschema@.get_partition_for_collection(collection_id uuid)
RETURNS text LANGUAGE c STABLE PARALLEL SAFE STRICT
AS 'MODULE_PATHNAME', 'partman_get_partition_for_collection';
COMMENT ON FUNCTION @extschema@.get_partition_for_collection(uuid) IS
'partman_ext: name (without schema) of the partition of table "chunks" (found through the search_path when called) that a row with this collection_id goes to, e.g. chunks_part_42.';

CREATE FUNCTION @extschema@.get_partition_for_collection(collection_id uuid, parent regclass)
RETURNS text LANGUAGE c STABLE PARALLEL SAFE STRICT
AS 'MODULE_PATHNAME', 'partman_get_partition_for_collection';
COMMENT ON FUNCTION @extschema@.get_partition_for_collection(uuid, regclass) IS
'partman_ext: name (without schema) of the partition of parent that a row with this collection_id (the uuid key column) goes to.';
