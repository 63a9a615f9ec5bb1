// Recompute the PAID aggregate (count, total, first/last date, monthly totals) of the given
// payer -> payee enterprise pairs from their TXN facts. Recomputing from the facts (not adding to
// the old totals) keeps the aggregate exact however often a file is reloaded.
// Salaries and taxes ($non_trade purposes) are not trade and do not make the payee a supplier.
// $pairs: [{payer: uscc, payee: uscc}]; $non_trade: [purpose]
UNWIND $pairs AS pair
MATCH (a:Enterprise {uscc: pair.payer})-[t:TXN]->(b:Enterprise {uscc: pair.payee})
WHERE t.purpose IS NULL OR NOT t.purpose IN $non_trade
WITH a, b, substring(toString(t.date), 0, 7) AS month, t
WITH a, b, month, count(t) AS n, sum(t.amount) AS amount, min(t.date) AS first, max(t.date) AS last
ORDER BY month
WITH a, b, collect(month) AS months, collect(amount) AS month_totals, sum(n) AS n, sum(amount) AS total,
     min(first) AS first, max(last) AS last
MERGE (a)-[p:PAID]->(b)
SET p.count = n, p.total = total, p.first_date = first, p.last_date = last,
    p.months = months, p.month_totals = month_totals
