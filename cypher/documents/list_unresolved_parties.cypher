// Parties entity linking could not resolve ((:UnresolvedParty) placeholders), for review, most mentioned
// first, each with the documents and spans that mention it.
// $limit: int, how many parties. $kind: 'E', 'P' or null (both).
MATCH (u:UnresolvedParty)
WHERE $kind IS NULL OR u.kind = $kind
CALL (u) {
  MATCH (u)-[r:PARTY_IN|PENALISED_IN]->(ev:CourtCase|Penalty)
  OPTIONAL MATCH (d:Document {sha256: r.doc_sha256})
  WITH r, ev, d ORDER BY r.doc_sha256, r.span_start
  RETURN collect({event_kind: CASE WHEN ev:CourtCase THEN 'court_case' ELSE 'penalty' END,
                  reference: coalesce(ev.case_number, ev.decision_number), role: r.role,
                  doc_sha256: r.doc_sha256, source: d.source, span_start: r.span_start, span_end: r.span_end,
                  confidence: r.confidence, claimed_id: r.claimed_id}) AS mentions
}
RETURN u.key AS key, u.name AS name, u.kind AS kind, mentions
ORDER BY size(mentions) DESC, key
LIMIT $limit
