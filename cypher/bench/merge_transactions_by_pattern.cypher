// Benchmark only (benchmarks/bench_server_writes.py): the payment statement of schema versions up to 7,
// a MERGE on the pattern, which checks for the fact by expanding the payer's TXN relationships (a hub has
// tens of thousands) instead of seeking the txn_id index. Kept to compare with ingest/merge_transactions_*.
// Records payment transactions from an enterprise to an enterprise, keyed by txn_id. A transaction is a
// fact that never changes, so a reload of the same txn_id is reported unchanged and leaves it as it is.
// $load_id: a token unique to this load; it marks the facts this load created (their provenance), which
// is how a row is told inserted from unchanged without a second index lookup.
// $rows: [{_row, txn_id, payer_uscc, payee_id, amount, date (YYYY-MM-DD), purpose, channel, match_rule}]
// Rows whose payer or payee is unknown return nothing (the loader rejects them).
UNWIND $rows AS row
MATCH (a:Enterprise {uscc: row.payer_uscc})
MATCH (b:Enterprise {uscc: row.payee_id})
MERGE (a)-[t:TXN {txn_id: row.txn_id}]->(b)
ON CREATE SET t.amount = row.amount, t.date = date(row.date), t.purpose = row.purpose,
              t.channel = row.channel, t.match_rule = row.match_rule, t.load_id = $load_id
RETURN row._row AS _row, CASE WHEN t.load_id = $load_id THEN 'inserted' ELSE 'unchanged' END AS outcome
