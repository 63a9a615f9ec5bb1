// Create or update relationship managers and the branch each works at (one current branch).
// $rows: [{_row, row_hash, rm_id, name, branch_code}]; rows whose branch is unknown return nothing.
UNWIND $rows AS row
MATCH (b:Branch {branch_code: row.branch_code})
MERGE (m:RM {rm_id: row.rm_id})
WITH m, b, row, m.row_hash AS old
FOREACH (_ IN CASE WHEN old = row.row_hash THEN [] ELSE [1] END |
  SET m.name = row.name, m.branch_code = row.branch_code, m.row_hash = row.row_hash)
WITH m, b, row, old
OPTIONAL MATCH (m)-[moved:WORKS_AT]->(other:Branch) WHERE other <> b
DELETE moved
MERGE (m)-[:WORKS_AT]->(b)
RETURN DISTINCT row._row AS _row,
       CASE WHEN old IS NULL THEN 'inserted' WHEN old = row.row_hash THEN 'unchanged' ELSE 'updated' END AS outcome
