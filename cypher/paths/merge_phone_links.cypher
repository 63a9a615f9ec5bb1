// Link enterprises to their normalised phone numbers: (:Enterprise)-[:HAS_PHONE]->(:Phone {number}).
// $rows: [{uscc, numbers: [string]}] (numbers may be empty). Links to numbers no longer listed are
// removed, so re-running after a phone change converges; idempotent.
UNWIND $rows AS row
MATCH (e:Enterprise {uscc: row.uscc})
CALL (e, row) {
  MATCH (e)-[old:HAS_PHONE]->(o:Phone)
  WHERE NOT o.number IN row.numbers
  DELETE old
}
WITH e, row
UNWIND row.numbers AS number
MERGE (ph:Phone {number: number})
MERGE (e)-[:HAS_PHONE]->(ph)
