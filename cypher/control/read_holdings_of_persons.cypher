// The companies in which a set of persons currently holds shares (valid_to null, ratio > 0).
// $person_ids: [person_id]. The persons' side of the downstream candidate search.
UNWIND $person_ids AS holder
MATCH (h:Person {person_id: holder})-[s:HOLDS_SHARES]->(c:Enterprise)
WHERE s.valid_to IS NULL AND s.ratio > 0
RETURN DISTINCT c.uscc AS uscc
