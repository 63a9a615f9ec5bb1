// Court cases and penalties of enterprises dated in ($since, $until] (undated ones count when
// $include_undated): the litigation_defendant, restricted and penalised tags.
// $since, $until: ISO dates; $roles: [string], the negative court roles (graph/analytics/risk.py);
// $include_undated: bool. One row per enterprise and event: kind 'court_case' | 'penalty', reference,
// role, case type, case status, date.
CALL () {
  MATCH (e:Enterprise)-[r:PARTY_IN]->(c:CourtCase) WHERE r.role IN $roles
  RETURN e, 'court_case' AS kind, c.case_number AS reference, r.role AS role, c.case_type AS case_type,
         c.status AS status, c.date AS day
  UNION ALL
  MATCH (e:Enterprise)-[r:PENALISED_IN]->(p:Penalty)
  RETURN e, 'penalty' AS kind, p.decision_number AS reference, r.role AS role, null AS case_type,
         null AS status, p.date AS day
}
WITH e, kind, reference, role, case_type, status, day
WHERE (day IS NULL AND $include_undated) OR (day > date($since) AND day <= date($until))
RETURN e.uscc AS uscc, kind, reference, role, case_type, status, toString(day) AS date
