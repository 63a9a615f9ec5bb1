// Record payment transactions from an enterprise to a natural person, keyed by txn_id. A transaction is a
// fact that never changes, so a reload of the same txn_id is reported unchanged and leaves it as it is.
// Only what is new is written: the txn_id is looked up in its uniqueness index (a seek, whatever the
// payer's degree) and CREATE runs for the rows not found. A MERGE on the pattern would check existence
// by expanding the payer's TXN relationships, which for a hub of tens of thousands of payments cost more
// than the write itself. The loader uses this statement only for a batch whose plain CREATE met a txn_id
// written meanwhile (GraphStore.write_new_rows). One writer per load, and the loader merges duplicate
// txn_ids within a file, so no two rows of a batch create the same txn_id; the constraint refuses it if
// they ever did.
// $load_id: a token unique to this load; it marks the facts this load created (their provenance).
// $rows: [{_row, txn_id, payer_uscc, payee_id, amount, date (YYYY-MM-DD), purpose, channel, match_rule}]
// Rows whose payer or payee is unknown return nothing (the loader rejects them).
UNWIND $rows AS row
MATCH (a:Enterprise {uscc: row.payer_uscc})
MATCH (b:Person {person_id: row.payee_id})
OPTIONAL MATCH ()-[old:TXN {txn_id: row.txn_id}]->()
WITH row, a, b, old IS NULL AS new
FOREACH (_ IN CASE WHEN new THEN [1] ELSE [] END |
  CREATE (a)-[:TXN {txn_id: row.txn_id, amount: row.amount, date: date(row.date), purpose: row.purpose,
                    channel: row.channel, match_rule: row.match_rule, load_id: $load_id}]->(b))
RETURN row._row AS _row, CASE WHEN new THEN 'inserted' ELSE 'unchanged' END AS outcome
