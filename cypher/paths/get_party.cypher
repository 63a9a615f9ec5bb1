// Whether an id names a known party: an Enterprise by USCC or a Person by person_id.
// $id: string. Returns at most one row {kind: 'E'|'P', id, name}; none when unknown.
CALL () {
  MATCH (e:Enterprise {uscc: $id}) RETURN 'E' AS kind, e.uscc AS id, e.name AS name
  UNION
  MATCH (p:Person {person_id: $id}) RETURN 'P' AS kind, p.person_id AS id, p.name AS name
}
RETURN kind, id, name
LIMIT 1
