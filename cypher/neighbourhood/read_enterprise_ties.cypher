// The ring of current ties around one enterprise, for the console's graph: suppliers (it pays them) and
// buyers (they pay it) with the total, count, dates and tie share; shareholders and investments with the
// stake; guarantors and the enterprises it guarantees with the amount; officers and the legal
// representative with the role. Each kind keeps its $per_kind largest ties (by amount or stake).
// share: for a supplier, this tie's total / the enterprise's total paid out; for a buyer, / its total
// paid in (how much of its purchases or sales the tie carries). Null when the total is zero.
// $uscc: string; $min_amount: float (payment ties below it are left out); $per_kind: int;
// $roles: [string] negative court roles (for the other party's badge).
MATCH (e:Enterprise {uscc: $uscc})
CALL (e) {
  MATCH (e)-[p:PAID]->(o:Enterprise) WHERE p.total >= $min_amount
  WITH e, p, o ORDER BY p.total DESC LIMIT $per_kind
  RETURN 'supplier' AS kind, 'PAID' AS type, e AS src, o AS dst, o AS other, p.total AS amount,
         CASE WHEN e.paid_out_total > 0 THEN p.total / e.paid_out_total END AS share, null AS role,
         p.count AS count, toString(p.first_date) AS first_date, toString(p.last_date) AS last_date,
         null AS reference
  UNION ALL
  MATCH (o:Enterprise)-[p:PAID]->(e) WHERE p.total >= $min_amount
  WITH e, p, o ORDER BY p.total DESC LIMIT $per_kind
  RETURN 'buyer' AS kind, 'PAID' AS type, o AS src, e AS dst, o AS other, p.total AS amount,
         CASE WHEN e.paid_in_total > 0 THEN p.total / e.paid_in_total END AS share, null AS role,
         p.count AS count, toString(p.first_date) AS first_date, toString(p.last_date) AS last_date,
         null AS reference
  UNION ALL
  MATCH (o:Enterprise|Person)-[s:HOLDS_SHARES]->(e) WHERE s.valid_to IS NULL AND s.ratio > 0
  WITH e, s, o ORDER BY s.ratio DESC LIMIT $per_kind
  RETURN 'owner' AS kind, 'HOLDS_SHARES' AS type, o AS src, e AS dst, o AS other, null AS amount,
         s.ratio AS share, null AS role, null AS count, toString(s.valid_from) AS first_date,
         null AS last_date, null AS reference
  UNION ALL
  MATCH (e)-[s:HOLDS_SHARES]->(o:Enterprise) WHERE s.valid_to IS NULL AND s.ratio > 0
  WITH e, s, o ORDER BY s.ratio DESC LIMIT $per_kind
  RETURN 'investment' AS kind, 'HOLDS_SHARES' AS type, e AS src, o AS dst, o AS other, null AS amount,
         s.ratio AS share, null AS role, null AS count, toString(s.valid_from) AS first_date,
         null AS last_date, null AS reference
  UNION ALL
  MATCH (o:Enterprise)-[g:GUARANTEES]->(e)
  WITH e, g, o ORDER BY g.amount DESC LIMIT $per_kind
  RETURN 'guarantor' AS kind, 'GUARANTEES' AS type, o AS src, e AS dst, o AS other, g.amount AS amount,
         null AS share, null AS role, null AS count, toString(g.start_date) AS first_date,
         toString(g.end_date) AS last_date, g.guarantee_id AS reference
  UNION ALL
  MATCH (e)-[g:GUARANTEES]->(o:Enterprise)
  WITH e, g, o ORDER BY g.amount DESC LIMIT $per_kind
  RETURN 'guaranteed' AS kind, 'GUARANTEES' AS type, e AS src, o AS dst, o AS other, g.amount AS amount,
         null AS share, null AS role, null AS count, toString(g.start_date) AS first_date,
         toString(g.end_date) AS last_date, g.guarantee_id AS reference
  UNION ALL
  MATCH (o:Person)-[r:OFFICER_OF]->(e) WHERE r.valid_to IS NULL
  WITH e, r, o ORDER BY r.role, o.name LIMIT $per_kind
  RETURN 'officer' AS kind, 'OFFICER_OF' AS type, o AS src, e AS dst, o AS other, null AS amount,
         null AS share, r.role AS role, null AS count, toString(r.valid_from) AS first_date,
         null AS last_date, null AS reference
  UNION ALL
  MATCH (o:Person)-[r:LEGAL_REP_OF]->(e) WHERE r.valid_to IS NULL
  RETURN 'legal_rep' AS kind, 'LEGAL_REP_OF' AS type, o AS src, e AS dst, o AS other, null AS amount,
         null AS share, '法定代表人' AS role, null AS count, toString(r.valid_from) AS first_date,
         null AS last_date, null AS reference
}
RETURN kind, type, coalesce(src.uscc, src.person_id) AS source, coalesce(dst.uscc, dst.person_id) AS target,
       CASE WHEN other:Person THEN 'P' ELSE 'E' END AS other_kind, coalesce(other.uscc, other.person_id) AS other_id,
       other.name AS other_name, amount, share, role, count, first_date, last_date, reference,
       EXISTS { MATCH (:Customer)-[:IS_PARTY]->(other) } AS customer,
       EXISTS { MATCH (other)-[n:PARTY_IN]->(:CourtCase) WHERE n.role IN $roles }
         OR EXISTS { MATCH (other)-[:PENALISED_IN]->(:Penalty) } AS negative_events
