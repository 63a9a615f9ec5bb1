// The ring of current ties around one person, for the console's graph: the enterprises the person holds
// shares in (with the stake), sits on as an officer (with the role) or represents (法定代表人). Each kind
// keeps its $per_kind largest ties.
// $person_id: string; $per_kind: int; $roles: [string] negative court roles (for the enterprise's badge).
MATCH (p:Person {person_id: $person_id})
CALL (p) {
  MATCH (p)-[s:HOLDS_SHARES]->(o:Enterprise) WHERE s.valid_to IS NULL AND s.ratio > 0
  WITH p, s, o ORDER BY s.ratio DESC LIMIT $per_kind
  RETURN 'investment' AS kind, 'HOLDS_SHARES' AS type, o AS other, s.ratio AS share, null AS role,
         toString(s.valid_from) AS first_date
  UNION ALL
  MATCH (p)-[r:OFFICER_OF]->(o:Enterprise) WHERE r.valid_to IS NULL
  WITH p, r, o ORDER BY o.name LIMIT $per_kind
  RETURN 'officer' AS kind, 'OFFICER_OF' AS type, o AS other, null AS share, r.role AS role,
         toString(r.valid_from) AS first_date
  UNION ALL
  MATCH (p)-[r:LEGAL_REP_OF]->(o:Enterprise) WHERE r.valid_to IS NULL
  WITH p, r, o ORDER BY o.name LIMIT $per_kind
  RETURN 'legal_rep' AS kind, 'LEGAL_REP_OF' AS type, o AS other, null AS share, '法定代表人' AS role,
         toString(r.valid_from) AS first_date
}
RETURN kind, type, p.person_id AS source, other.uscc AS target, 'E' AS other_kind, other.uscc AS other_id,
       other.name AS other_name, null AS amount, share, role, null AS count, first_date, null AS last_date,
       null AS reference,
       EXISTS { MATCH (:Customer)-[:IS_PARTY]->(other) } AS customer,
       EXISTS { MATCH (other)-[n:PARTY_IN]->(:CourtCase) WHERE n.role IN $roles }
         OR EXISTS { MATCH (other)-[:PENALISED_IN]->(:Penalty) } AS negative_events
