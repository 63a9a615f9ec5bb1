// After a document's case was written, remove the links that this document stated before but no longer
// states (a re-extraction resolved a party differently or dropped it), and placeholders left with no link.
// $rows: [{case_number, doc_sha256, keys: [PARTY_IN key written now], guarantee_keys: [STATED_GUARANTEE key]}]
// Links stated by other documents of the same case are kept.
UNWIND $rows AS row
MATCH (c:CourtCase {case_number: row.case_number})
CALL (c, row) {
  MATCH (party:Enterprise|Person|UnresolvedParty)-[r:PARTY_IN]->(c)
  WHERE r.doc_sha256 = row.doc_sha256 AND NOT r.key IN row.keys
  DELETE r
  WITH DISTINCT party WHERE party:UnresolvedParty AND NOT EXISTS { (party)--() }
  DELETE party
}
CALL (row) {
  MATCH (:Enterprise|Person)-[g:STATED_GUARANTEE {case_number: row.case_number}]->(:Enterprise)
  WHERE g.doc_sha256 = row.doc_sha256 AND NOT g.key IN row.guarantee_keys
  DELETE g
}
