// Record new payment transactions from an enterprise to an enterprise: the rows whose txn_id the loader
// found absent (ingest/find_existing_transactions) in the same load, written with a plain CREATE. With
// the existence check inside the write statement the planner separates the lookups from the writes (its
// EXPLAIN has two Eager steps against this statement's one), and it wrote 10-17% fewer rows a second in
// three runs of benchmarks/bench_server_writes.py (4 against 4b). The txn_id uniqueness constraint
// refuses a txn_id created meanwhile by anyone else, so no fact is ever recorded twice.
// $load_id: a token unique to this load; it marks the facts this load created (their provenance).
// $rows: [{_row, txn_id, payer_uscc, payee_id, amount, date (YYYY-MM-DD), purpose, channel, match_rule}]
// Rows whose payer or payee is unknown return nothing (the loader rejects them).
UNWIND $rows AS row
MATCH (a:Enterprise {uscc: row.payer_uscc})
MATCH (b:Enterprise {uscc: row.payee_id})
CREATE (a)-[:TXN {txn_id: row.txn_id, amount: row.amount, date: date(row.date), purpose: row.purpose,
                  channel: row.channel, match_rule: row.match_rule, load_id: $load_id}]->(b)
RETURN row._row AS _row, 'inserted' AS outcome
