// Link resolved Person parties to the penalties imposed on them (PENALISED_IN), with provenance.
// $rows: [{key, party_id (Person.person_id), decision_number, role (institution/individual/responsible_person/unit),
//          doc_sha256, span_start, span_end, confidence, extractor_version, match_rule (nullable),
//          penalty_kinds ([string]), fine, confiscation (yuan), unit, position, via (the person a unit link
//          comes through): the six last nullable, set on the link: each party's own sanction}]
// Returns the key of every row whose party and penalty exist; the caller treats the others as unresolved.
UNWIND $rows AS row
MATCH (party:Person {person_id: row.party_id})
MATCH (p:Penalty {decision_number: row.decision_number})
MERGE (party)-[r:PENALISED_IN {key: row.key}]->(p)
SET r.role = row.role, r.doc_sha256 = row.doc_sha256, r.span_start = row.span_start, r.span_end = row.span_end,
    r.confidence = row.confidence, r.extractor_version = row.extractor_version, r.match_rule = row.match_rule,
    r.penalty_kinds = row.penalty_kinds, r.fine = row.fine, r.confiscation = row.confiscation, r.unit = row.unit,
    r.position = row.position, r.via = row.via
RETURN row.key AS key
