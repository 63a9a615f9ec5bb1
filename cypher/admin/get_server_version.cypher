// The Neo4j kernel version and edition, for /health.
// Parameters: none.
CALL dbms.components() YIELD name, versions, edition
WHERE name = 'Neo4j Kernel'
RETURN versions[0] AS version, edition
