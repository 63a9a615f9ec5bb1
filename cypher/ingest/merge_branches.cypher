// Create or update bank branches.
// $rows: [{_row, row_hash, branch_code, name, region_code (nullable)}]
UNWIND $rows AS row
MERGE (b:Branch {branch_code: row.branch_code})
WITH b, row, b.row_hash AS old
FOREACH (_ IN CASE WHEN old = row.row_hash THEN [] ELSE [1] END |
  SET b.name = row.name, b.region_code = row.region_code, b.row_hash = row.row_hash)
RETURN row._row AS _row,
       CASE WHEN old IS NULL THEN 'inserted' WHEN old = row.row_hash THEN 'unchanged' ELSE 'updated' END AS outcome
