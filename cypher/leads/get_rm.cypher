// One relationship manager and the branch they work at; no row when the RM is unknown.
// $rm_id: string.
MATCH (rm:RM {rm_id: $rm_id})
OPTIONAL MATCH (rm)-[:WORKS_AT]->(b:Branch)
RETURN rm.rm_id AS rm_id, rm.name AS name, b.branch_code AS branch_code
LIMIT 1
