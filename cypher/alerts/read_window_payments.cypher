// Every payment from an enterprise to an enterprise dated in [$since, $until], as plain values for an
// in-memory search (the nightly new-fund-loop rule reads the loop window once instead of once per core).
// $since, $until: ISO dates, both inclusive. One row per TXN fact: payer, payee, amount, date (ISO).
MATCH (a:Enterprise)-[t:TXN]->(b:Enterprise)
WHERE t.date >= date($since) AND t.date <= date($until) AND a <> b
RETURN a.uscc AS payer, b.uscc AS payee, t.amount AS amount, toString(t.date) AS date
