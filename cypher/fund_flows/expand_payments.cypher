// One breadth-first step along payment direction for circular-fund-flow search: the TXN facts paid by
// the frontier enterprises to enterprises. $frontier: [uscc]; $since, $until: ISO dates or null
// (bounds on the txn date); $limit: int, the most rows to return (the caller reports truncation).
UNWIND $frontier AS code
MATCH (a:Enterprise {uscc: code})-[t:TXN]->(b:Enterprise)
WHERE ($since IS NULL OR t.date >= date($since)) AND ($until IS NULL OR t.date <= date($until))
RETURN t.txn_id AS txn_id, a.uscc AS payer, b.uscc AS payee, t.amount AS amount, toString(t.date) AS date
LIMIT $limit
