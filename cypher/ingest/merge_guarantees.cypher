// Create or update guarantees (guarantor -> borrower) keyed by guarantee_id.
// $rows: [{_row, row_hash, guarantee_id, guarantor_uscc, borrower_uscc, amount, start_date, end_date, kind,
//          match_rule (how the parties were identified)}]
// Rows whose guarantor or borrower is unknown return nothing (the loader rejects them).
UNWIND $rows AS row
MATCH (g:Enterprise {uscc: row.guarantor_uscc})
MATCH (b:Enterprise {uscc: row.borrower_uscc})
MERGE (g)-[r:GUARANTEES {guarantee_id: row.guarantee_id}]->(b)
WITH r, row, r.row_hash AS old
FOREACH (_ IN CASE WHEN old = row.row_hash THEN [] ELSE [1] END |
  SET r.amount = row.amount, r.start_date = date(row.start_date), r.end_date = date(row.end_date),
      r.kind = row.kind, r.match_rule = row.match_rule, r.row_hash = row.row_hash)
RETURN row._row AS _row,
       CASE WHEN old IS NULL THEN 'inserted' WHEN old = row.row_hash THEN 'unchanged' ELSE 'updated' END AS outcome
