// Link enterprises to their normalised addresses: (:Enterprise)-[:HAS_ADDRESS]->(:Address {norm, text}).
// $rows: [{uscc, norm, text}] (norm null when the address is unknown). A link to another address is
// removed, so re-running after an address change converges; idempotent.
UNWIND $rows AS row
MATCH (e:Enterprise {uscc: row.uscc})
CALL (e, row) {
  MATCH (e)-[old:HAS_ADDRESS]->(o:Address)
  WHERE row.norm IS NULL OR o.norm <> row.norm
  DELETE old
}
WITH e, row
WHERE row.norm IS NOT NULL
MERGE (ad:Address {norm: row.norm})
  ON CREATE SET ad.text = row.text
MERGE (e)-[:HAS_ADDRESS]->(ad)
