// Persons for the search box: the one whose person_id is $person_id, and those whose name contains $q,
// each with up to three enterprises they represent, run or hold, and a negative-events badge.
// $q: string (the name as typed, trimmed; may be empty when only $person_id is given);
// $person_id: string or null; $roles: [string] negative court roles; $limit: int.
MATCH (p:Person)
WHERE p.person_id = $person_id OR ($q <> '' AND p.name CONTAINS $q)
WITH p, CASE WHEN p.person_id = $person_id THEN 0 WHEN p.name = $q THEN 1 ELSE 2 END AS rank
ORDER BY rank, p.name, p.person_id
LIMIT $limit
CALL (p) {
  OPTIONAL MATCH (p)-[t:LEGAL_REP_OF|OFFICER_OF|HOLDS_SHARES]->(e:Enterprise)
  WHERE t.valid_to IS NULL
  WITH DISTINCT e ORDER BY coalesce(e.pagerank_rank, 2147483647), e.name LIMIT 3
  RETURN collect({uscc: e.uscc, name: e.name}) AS companies
}
RETURN p.person_id AS person_id, p.name AS name, rank, companies,
       EXISTS { MATCH (:Customer)-[:IS_PARTY]->(p) } AS customer,
       EXISTS { MATCH (p)-[r:PARTY_IN]->(:CourtCase) WHERE r.role IN $roles }
         OR EXISTS { MATCH (p)-[:PENALISED_IN]->(:Penalty) } AS negative_events
ORDER BY rank, name, person_id
