// Write computed tags: one HAS_TAG per enterprise, tag and date, keyed by key = uscc|tag|as_of.
// $rows: [{key, uscc, tag, value (float or null), facts (string: the evidence)}]; $as_of: ISO date.
UNWIND $rows AS row
MATCH (e:Enterprise {uscc: row.uscc})
MERGE (t:Tag {name: row.tag})
MERGE (e)-[h:HAS_TAG {key: row.key}]->(t)
SET h.as_of = date($as_of), h.value = row.value, h.facts = row.facts
