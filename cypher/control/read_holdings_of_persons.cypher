// The companies in which a set of persons holds shares on $as_of (in force that day, ratio > 0).
// $person_ids: [person_id]; $as_of: ISO date. The persons' side of the downstream candidate search.
UNWIND $person_ids AS holder
MATCH (h:Person {person_id: holder})-[s:HOLDS_SHARES]->(c:Enterprise)
WHERE (s.valid_from IS NULL OR s.valid_from <= date($as_of)) AND (s.valid_to IS NULL OR s.valid_to > date($as_of)) AND s.ratio > 0
RETURN DISTINCT c.uscc AS uscc
