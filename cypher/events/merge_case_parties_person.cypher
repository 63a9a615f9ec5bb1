// Link resolved Person parties to the court cases they appear in (PARTY_IN), with provenance.
// $rows: [{key, party_id (Person.person_id), case_number, role (原告/被告/被执行人 ...), doc_sha256, span_start,
//          span_end, confidence, extractor_version, match_rule (nullable),
//          via (nullable: for role 法定代表人, the company whose representative the document states)}]
// Returns the key of every row whose party and case exist; the caller treats the others as unresolved.
UNWIND $rows AS row
MATCH (party:Person {person_id: row.party_id})
MATCH (c:CourtCase {case_number: row.case_number})
MERGE (party)-[r:PARTY_IN {key: row.key}]->(c)
SET r.role = row.role, r.doc_sha256 = row.doc_sha256, r.span_start = row.span_start, r.span_end = row.span_end,
    r.confidence = row.confidence, r.extractor_version = row.extractor_version, r.match_rule = row.match_rule,
    r.via = row.via
RETURN row.key AS key
