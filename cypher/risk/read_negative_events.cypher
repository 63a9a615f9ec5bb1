// Every negative event of every resolved party, for seeding risk diffusion over the whole graph:
// court cases where the party's role is negative (被告, 被执行人 ...) and every penalty.
// $roles: [string], the negative court roles (graph/analytics/risk.py NEGATIVE_ROLES); $as_of: ISO date or
// null (events dated after it are left out; undated ones are kept: nothing places them later).
// One row per (party, event link): kind E/P, id (uscc or person_id), event, role, confidence, and the
// case status (null for penalties and cases with none).
CALL () {
  MATCH (party:Enterprise|Person)-[r:PARTY_IN]->(c:CourtCase)
  WHERE r.role IN $roles AND ($as_of IS NULL OR c.date IS NULL OR c.date <= date($as_of))
  RETURN party, 'court_case' AS event_kind, c.case_number AS reference, r.role AS role, c.case_type AS case_type,
         r.confidence AS confidence, c.status AS status
  UNION ALL
  MATCH (party:Enterprise|Person)-[r:PENALISED_IN]->(p:Penalty)
  WHERE $as_of IS NULL OR p.date IS NULL OR p.date <= date($as_of)
  RETURN party, 'penalty' AS event_kind, p.decision_number AS reference, r.role AS role, null AS case_type,
         r.confidence AS confidence, null AS status
}
RETURN CASE WHEN party:Enterprise THEN 'E' ELSE 'P' END AS kind, coalesce(party.uscc, party.person_id) AS id,
       event_kind, reference, role, case_type, confidence, status
