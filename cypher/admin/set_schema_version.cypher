// Record the schema version after its migrations were applied.
// $version: int, the highest applied migration number.
MERGE (v:SchemaVersion {name: 'liantu'})
SET v.version = $version, v.applied_at = datetime()
