// The branch an RM works at (none when the RM is unknown).
// Parameters: $rm_id.
MATCH (:RM {rm_id: $rm_id})-[:WORKS_AT]->(b:Branch)
RETURN b.branch_code AS branch_code
