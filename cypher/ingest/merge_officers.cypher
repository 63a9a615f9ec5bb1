// Create or update officer positions (董事/监事/高管 ...), keyed by person > company : role @ valid_from.
// $rows: [{_row, row_hash, key, person_id, company_uscc, role, valid_from, valid_to}]
// Rows whose person or company is unknown return nothing (the loader rejects them).
UNWIND $rows AS row
MATCH (p:Person {person_id: row.person_id})
MATCH (c:Enterprise {uscc: row.company_uscc})
MERGE (p)-[o:OFFICER_OF {key: row.key}]->(c)
WITH o, row, o.row_hash AS old
FOREACH (_ IN CASE WHEN old = row.row_hash THEN [] ELSE [1] END |
  SET o.role = row.role, o.valid_from = date(row.valid_from), o.valid_to = date(row.valid_to),
      o.row_hash = row.row_hash)
RETURN row._row AS _row,
       CASE WHEN old IS NULL THEN 'inserted' WHEN old = row.row_hash THEN 'unchanged' ELSE 'updated' END AS outcome
