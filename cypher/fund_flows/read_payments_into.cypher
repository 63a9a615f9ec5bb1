// The last hop of a circular fund flow: TXN facts from the frontier enterprises into the return set
// (the core and its related parties). $frontier: [uscc] (payers); $targets: [uscc] (payees);
// $since, $until: ISO dates or null; $limit: int, the most rows to return.
UNWIND $frontier AS code
MATCH (a:Enterprise {uscc: code})-[t:TXN]->(b:Enterprise)
WHERE b.uscc IN $targets
  AND ($since IS NULL OR t.date >= date($since)) AND ($until IS NULL OR t.date <= date($until))
RETURN t.txn_id AS txn_id, a.uscc AS payer, b.uscc AS payee, t.amount AS amount, toString(t.date) AS date
LIMIT $limit
