// The trade payment projection as of a date: per payer -> payee enterprise pair, the total of the months
// up to $last_month (the last month wholly on or before the as-of date), from the PAID aggregate's
// monthly totals, so nothing paid later is counted. Grouped by payer (one row per payer, parallel lists).
// $last_month: 'YYYY-MM'. Returns source, targets: [uscc], weights: [float], months: [int active months].
MATCH (a:Enterprise)-[p:PAID]->(b:Enterprise)
WHERE p.months[0] <= $last_month
WITH a, b, [i IN range(0, size(p.months) - 1) WHERE p.months[i] <= $last_month] AS idx, p
WITH a, b, reduce(s = 0.0, i IN idx | s + p.month_totals[i]) AS total, size(idx) AS months
RETURN a.uscc AS source, collect(b.uscc) AS targets, collect(total) AS weights, collect(months) AS months
