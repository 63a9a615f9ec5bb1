// Link penalised parties the linker could not resolve to their penalties, through an
// (:UnresolvedParty {key, name, kind}) placeholder, with the same provenance as resolved parties.
// $rows: [{key, party_key (UnresolvedParty.key), name, kind (E/P), claimed_id (nullable), decision_number, role,
//          doc_sha256, span_start, span_end, confidence, extractor_version, match_rule (nullable),
//          penalty_kinds ([string]), fine, confiscation (yuan), unit, position, via (the person a unit link
//          comes through): the six last nullable, set on the link: each party's own sanction}]
UNWIND $rows AS row
MATCH (p:Penalty {decision_number: row.decision_number})
MERGE (u:UnresolvedParty {key: row.party_key})
ON CREATE SET u.name = row.name, u.kind = row.kind
MERGE (u)-[r:PENALISED_IN {key: row.key}]->(p)
SET r.role = row.role, r.doc_sha256 = row.doc_sha256, r.span_start = row.span_start, r.span_end = row.span_end,
    r.confidence = row.confidence, r.extractor_version = row.extractor_version, r.match_rule = row.match_rule,
    r.claimed_id = row.claimed_id, r.penalty_kinds = row.penalty_kinds, r.fine = row.fine,
    r.confiscation = row.confiscation, r.unit = row.unit, r.position = row.position, r.via = row.via
RETURN row.key AS key
