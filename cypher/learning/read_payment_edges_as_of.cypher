// The trade payment projection as of a date: per payer -> payee enterprise pair, the total of the months
// up to $last_month (the last month wholly on or before the as-of date), from the PAID aggregate's
// monthly totals, so nothing paid later is counted. ONE row of parallel columns (graph/learning/asof.py).
// The month lists are read once into variables: indexing the relationship's property inside the loop
// re-reads the whole list each time, which made this read ten times slower.
// $last_month: 'YYYY-MM'. Returns source: [uscc], target: [uscc], weight: [float], months: [int active months].
MATCH (a:Enterprise)-[p:PAID]->(b:Enterprise)
WITH a, b, p.months AS ms, p.month_totals AS ts
WHERE ms[0] <= $last_month
WITH a, b, ts, [i IN range(0, size(ms) - 1) WHERE ms[i] <= $last_month] AS idx
RETURN collect(a.uscc) AS source, collect(b.uscc) AS target,
       collect(reduce(s = 0.0, i IN idx | s + ts[i])) AS weight, collect(size(idx)) AS months
