// Create or update administrative penalties keyed by decision number (文号), linked from their document.
// $rows: [{decision_number, doc_sha256, describes_key, authority, violation, legal_basis,
//          penalty_kinds: [string], fine_amount (float), date (ISO)}]  (all but the keys nullable)
// A null value never erases what another document of the same decision said (coalesce).
// Returns each decision number with whether its document exists (no document: no DESCRIBES edge).
UNWIND $rows AS row
MERGE (p:Penalty {decision_number: row.decision_number})
SET p.authority = coalesce(row.authority, p.authority), p.violation = coalesce(row.violation, p.violation),
    p.legal_basis = coalesce(row.legal_basis, p.legal_basis),
    p.penalty_kinds = coalesce(row.penalty_kinds, p.penalty_kinds),
    p.fine_amount = coalesce(row.fine_amount, p.fine_amount), p.date = coalesce(date(row.date), p.date)
WITH p, row
OPTIONAL MATCH (d:Document {sha256: row.doc_sha256})
CALL (p, d, row) {
  WITH p, d, row WHERE d IS NOT NULL
  MERGE (d)-[r:DESCRIBES {key: row.describes_key}]->(p)
}
RETURN row.decision_number AS decision_number, d IS NOT NULL AS described
