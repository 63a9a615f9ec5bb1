// Guarantees stated in a judgment by a natural person (自然人保证): guarantor -[:STATED_GUARANTEE]-> borrower,
// with provenance. Kept apart from GUARANTEES, which are the bank's own contract records.
// $rows: [{key, guarantor_uscc (the guarantor's Person.person_id), borrower_uscc, case_number, doc_sha256,
//          span_start, span_end, confidence, extractor_version}]
// Returns the key of every row whose person and enterprise exist.
UNWIND $rows AS row
MATCH (g:Person {person_id: row.guarantor_uscc})
MATCH (b:Enterprise {uscc: row.borrower_uscc})
MERGE (g)-[r:STATED_GUARANTEE {key: row.key}]->(b)
SET r.case_number = row.case_number, r.doc_sha256 = row.doc_sha256, r.span_start = row.span_start,
    r.span_end = row.span_end, r.confidence = row.confidence, r.extractor_version = row.extractor_version
RETURN row.key AS key
