// Record new payment transactions from an enterprise to a person (salaries, transfers): the rows whose
// txn_id the loader found absent (ingest/find_existing_transactions), written with a plain CREATE, as
// ingest/create_transactions_to_enterprise explains. $load_id: a token unique to this load.
// $rows: [{_row, txn_id, payer_uscc, payee_id (person_id), amount, date (YYYY-MM-DD), purpose, channel,
// match_rule}]. Rows whose payer or payee is unknown return nothing (the loader rejects them).
UNWIND $rows AS row
MATCH (a:Enterprise {uscc: row.payer_uscc})
MATCH (b:Person {person_id: row.payee_id})
CREATE (a)-[:TXN {txn_id: row.txn_id, amount: row.amount, date: date(row.date), purpose: row.purpose,
                  channel: row.channel, match_rule: row.match_rule, load_id: $load_id}]->(b)
RETURN row._row AS _row, 'inserted' AS outcome
