// Trade ties between enterprise customers as of a month: payer customer, payee customer and the amount paid
// in the months up to $last_month (from the PAID aggregate's monthly totals, so later payments are not seen).
// $last_month: 'YYYY-MM'. ONE row of parallel columns: source: [customer_no], target: [customer_no],
// weight: [float].
MATCH (ca:Customer {party_kind: 'E'})-[:IS_PARTY]->(a:Enterprise)-[p:PAID]->(b:Enterprise)<-[:IS_PARTY]-(cb:Customer {party_kind: 'E'})
WITH ca, cb, p.months AS ms, p.month_totals AS ts
WHERE ms[0] <= $last_month AND ca <> cb
WITH ca, cb, [i IN range(0, size(ms) - 1) WHERE ms[i] <= $last_month | ts[i]] AS amounts
RETURN collect(ca.customer_no) AS source, collect(cb.customer_no) AS target,
       collect(reduce(s = 0.0, x IN amounts | s + x)) AS weight
