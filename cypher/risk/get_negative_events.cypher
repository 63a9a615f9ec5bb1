// The negative events (negative-role court cases and penalties) of some enterprises and persons, in full.
// $usccs: [string]; $pids: [string] (person_id); $roles: [string], the negative court roles; $as_of: ISO
// date or null (events dated after it are left out; undated ones are kept: nothing places them later).
// One row per (party, event link), newest first. amount: for a penalty, this party's own fine (null for a
// unit linked through its penalised staff; the decision's total for links written before per-party fines);
// status: the case status (active, terminated, closed, restriction_lifted) or null.
CALL () {
  UNWIND $usccs AS id
  MATCH (party:Enterprise {uscc: id})
  RETURN party
  UNION
  UNWIND $pids AS id
  MATCH (party:Person {person_id: id})
  RETURN party
}
CALL (party) {
  MATCH (party)-[r:PARTY_IN]->(c:CourtCase)
  WHERE r.role IN $roles AND ($as_of IS NULL OR c.date IS NULL OR c.date <= date($as_of))
  RETURN 'court_case' AS event_kind, c.case_number AS reference, r.role AS role, c.case_type AS case_type,
         c.cause AS title, c.court AS issuer, c.date AS date, null AS amount, r.doc_sha256 AS doc_sha256,
         r.span_start AS span_start, r.span_end AS span_end, r.confidence AS confidence, c.status AS status
  UNION ALL
  MATCH (party)-[r:PENALISED_IN]->(p:Penalty)
  WHERE $as_of IS NULL OR p.date IS NULL OR p.date <= date($as_of)
  RETURN 'penalty' AS event_kind, p.decision_number AS reference, r.role AS role, null AS case_type,
         p.violation AS title, p.authority AS issuer, p.date AS date,
         CASE WHEN r.role = 'unit' THEN null WHEN r.penalty_kinds IS NOT NULL THEN r.fine ELSE p.fine_amount END
           AS amount,
         r.doc_sha256 AS doc_sha256, r.span_start AS span_start, r.span_end AS span_end, r.confidence AS confidence,
         null AS status
}
RETURN CASE WHEN party:Enterprise THEN 'E' ELSE 'P' END AS kind, coalesce(party.uscc, party.person_id) AS id,
       party.name AS name, event_kind, reference, role, case_type, title, issuer, toString(date) AS date, amount,
       doc_sha256, span_start, span_end, confidence, status
ORDER BY date DESC, reference, id
