// The schema version recorded in the database (null before `liantu db init`).
// Parameters: none.
OPTIONAL MATCH (v:SchemaVersion {name: 'liantu'})
RETURN v.version AS version, v.applied_at AS applied_at
