// After a document's penalty was written, remove the PENALISED_IN links this document stated before but no
// longer states, and placeholders left with no link. Links stated by other documents are kept.
// $rows: [{decision_number, doc_sha256, keys: [PENALISED_IN key written now]}]
UNWIND $rows AS row
MATCH (p:Penalty {decision_number: row.decision_number})
CALL (p, row) {
  MATCH (party:Enterprise|Person|UnresolvedParty)-[r:PENALISED_IN]->(p)
  WHERE r.doc_sha256 = row.doc_sha256 AND NOT r.key IN row.keys
  DELETE r
  WITH DISTINCT party WHERE party:UnresolvedParty AND NOT EXISTS { (party)--() }
  DELETE party
}
