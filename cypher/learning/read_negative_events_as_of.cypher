// Negative events known on $as_of, counted per party: court cases dated on or before it where the party's
// role is negative ($roles: 被告, 被执行人 ...) and penalties dated on or before it. Undated events are
// left out (nobody can say they were known then). Starts from the events, which are few beside the parties.
// $as_of: ISO date; $roles: [string]. Returns kind ('E'/'P'), id (uscc or person_id), cases, penalties.
CALL () {
  MATCH (c:CourtCase) WHERE c.date <= date($as_of)
  MATCH (party:Enterprise|Person)-[r:PARTY_IN]->(c)
  WHERE r.role IN $roles
  RETURN party, 1 AS case_hit, 0 AS penalty_hit
  UNION ALL
  MATCH (p:Penalty) WHERE p.date <= date($as_of)
  MATCH (party:Enterprise|Person)-[:PENALISED_IN]->(p)
  RETURN party, 0 AS case_hit, 1 AS penalty_hit
}
RETURN CASE WHEN party:Enterprise THEN 'E' ELSE 'P' END AS kind, coalesce(party.uscc, party.person_id) AS id,
       sum(case_hit) AS cases, sum(penalty_hit) AS penalties
