// Which of the given person ids exist (to name the unknown reference in a rejected row).
// $ids: [string]
UNWIND $ids AS id
OPTIONAL MATCH (p:Person {person_id: id})
RETURN id, p IS NOT NULL AS present
