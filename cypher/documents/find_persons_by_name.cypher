// Review candidates for unresolved persons: graph persons with exactly these names, with up to three
// enterprises each is legal representative or officer of (to tell namesakes apart).
// $names: [string] person names as written.
UNWIND $names AS wanted
MATCH (p:Person {name: wanted})
CALL (p) {
  OPTIONAL MATCH (p)-[:LEGAL_REP_OF|OFFICER_OF]->(e:Enterprise)
  WITH DISTINCT e ORDER BY e.name LIMIT 3
  RETURN collect(e.name) AS companies
}
RETURN wanted AS name, p.person_id AS person_id, companies
ORDER BY name, person_id
