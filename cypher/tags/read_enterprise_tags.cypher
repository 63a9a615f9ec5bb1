// The tags of one enterprise computed for $as_of, with their value and evidence.
// $uscc: the enterprise's USCC; $as_of: ISO date (a date tags were computed for).
MATCH (e:Enterprise {uscc: $uscc})-[h:HAS_TAG]->(t:Tag)
WHERE h.as_of = date($as_of)
RETURN t.name AS tag, h.value AS value, h.facts AS facts
ORDER BY tag
