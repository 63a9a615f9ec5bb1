// Create or update bank customers who are an enterprise: the customer record, its party, its branch and
// its relationship manager (one current RM; a reassignment replaces the old MANAGED_BY edge).
// $rows: [{_row, row_hash, customer_no, party_id, branch_code, rm_id (nullable), tier (nullable), since}]
// Rows whose party or branch is unknown return nothing (the loader rejects them).
UNWIND $rows AS row
MATCH (party:Enterprise {uscc: row.party_id})
MATCH (br:Branch {branch_code: row.branch_code})
OPTIONAL MATCH (rm:RM {rm_id: row.rm_id})
MERGE (c:Customer {customer_no: row.customer_no})
WITH c, party, br, rm, row, c.row_hash AS old
FOREACH (_ IN CASE WHEN old = row.row_hash THEN [] ELSE [1] END |
  SET c.tier = row.tier, c.since = date(row.since), c.branch_code = row.branch_code, c.rm_id = row.rm_id,
      c.party_kind = 'E', c.party_id = row.party_id, c.row_hash = row.row_hash)
MERGE (c)-[:IS_PARTY]->(party)
MERGE (c)-[:BOOKED_AT]->(br)
WITH c, rm, row, old
CALL (c, rm) {
  OPTIONAL MATCH (c)-[stale:MANAGED_BY]->(other:RM) WHERE rm IS NULL OR other <> rm
  DELETE stale
}
CALL (c, rm) {
  WITH c, rm WHERE rm IS NOT NULL
  MERGE (c)-[:MANAGED_BY]->(rm)
}
RETURN row._row AS _row,
       CASE WHEN old IS NULL THEN 'inserted' WHEN old = row.row_hash THEN 'unchanged' ELSE 'updated' END AS outcome
