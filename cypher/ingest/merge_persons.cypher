// Create or update natural persons keyed by the hashed ID number (raw ID numbers are never stored).
// $rows: [{_row, row_hash, person_id, name, gender (nullable), birth_year (nullable)}]
UNWIND $rows AS row
MERGE (p:Person {person_id: row.person_id})
WITH p, row, p.row_hash AS old
FOREACH (_ IN CASE WHEN old = row.row_hash THEN [] ELSE [1] END |
  SET p.name = row.name, p.gender = row.gender, p.birth_year = row.birth_year, p.row_hash = row.row_hash)
RETURN row._row AS _row,
       CASE WHEN old IS NULL THEN 'inserted' WHEN old = row.row_hash THEN 'unchanged' ELSE 'updated' END AS outcome
