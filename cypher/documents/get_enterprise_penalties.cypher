// The administrative penalties of an enterprise: as the penalised institution (role institution), or as the
// unit a penalised person worked for (role unit, via that person, when the graph ties them), with the
// provenance of each link and the party's own sanction (party_fine, party_confiscation, party_penalty_kinds).
// $uscc: string. $limit: int.
// No rows: the enterprise does not exist. One row with a null decision_number: it has no penalties.
MATCH (e:Enterprise {uscc: $uscc})
OPTIONAL MATCH (e)-[r:PENALISED_IN]->(p:Penalty)
OPTIONAL MATCH (d:Document {sha256: r.doc_sha256})
RETURN e.uscc AS uscc, e.name AS name, p.decision_number AS decision_number, p.authority AS authority,
       p.violation AS violation, p.legal_basis AS legal_basis, p.penalty_kinds AS penalty_kinds,
       p.fine_amount AS fine_amount, toString(p.date) AS date, r.role AS role, r.doc_sha256 AS doc_sha256,
       d.source AS source, d.kind AS doc_kind, r.span_start AS span_start, r.span_end AS span_end,
       r.confidence AS confidence, r.extractor_version AS extractor_version, r.match_rule AS match_rule,
       r.fine AS party_fine, r.confiscation AS party_confiscation, r.penalty_kinds AS party_penalty_kinds,
       r.via AS via
ORDER BY date DESC, decision_number, role
LIMIT $limit
