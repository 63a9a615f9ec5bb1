// Which of the given USCCs exist as enterprises (to name the unknown reference in a rejected row).
// $ids: [string]
UNWIND $ids AS id
OPTIONAL MATCH (e:Enterprise {uscc: id})
RETURN id, e IS NOT NULL AS present
