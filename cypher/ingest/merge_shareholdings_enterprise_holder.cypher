// Create or update shareholdings held by an enterprise, keyed by
// holder > company @ valid_from. A row with valid_to set closes the fact without deleting it.
// $rows: [{_row, row_hash, key, holder_id, company_uscc, ratio, subscribed_capital, valid_from, valid_to,
//          match_rule (how the holder was identified: uscc, exact_name, normalised_name, former_name)}]
// Rows whose holder or company is unknown return nothing (the loader rejects them).
UNWIND $rows AS row
MATCH (h:Enterprise {uscc: row.holder_id})
MATCH (c:Enterprise {uscc: row.company_uscc})
MERGE (h)-[s:HOLDS_SHARES {key: row.key}]->(c)
WITH s, row, s.row_hash AS old
FOREACH (_ IN CASE WHEN old = row.row_hash THEN [] ELSE [1] END |
  SET s.ratio = row.ratio,
      s.subscribed_capital = row.subscribed_capital,
      s.valid_from = date(row.valid_from),
      s.valid_to = date(row.valid_to),
      s.match_rule = row.match_rule,
      s.row_hash = row.row_hash)
RETURN row._row AS _row,
       CASE WHEN old IS NULL THEN 'inserted' WHEN old = row.row_hash THEN 'unchanged' ELSE 'updated' END AS outcome
