// Monthly trade totals of given payer -> payee pairs up to $last_month (the PAID aggregate's months), for
// the payment-timing features of suspected links.
// $pairs: [[payer uscc, payee uscc]]; $last_month: 'YYYY-MM'. Returns payer, payee, months: [year * 12 +
// month] (integers, so the features need no date parsing), totals: [float]; no row for a pair with no
// trade up to $last_month.
// The month lists are read once into variables: indexing the relationship's property inside the list
// comprehension re-reads the whole list each time (as in learning/read_payment_edges_as_of).
UNWIND $pairs AS pair
MATCH (a:Enterprise {uscc: pair[0]})-[p:PAID]->(b:Enterprise {uscc: pair[1]})
WITH a, b, p.months AS ms, p.month_totals AS ts
WITH a, b, ms, ts, [i IN range(0, size(ms) - 1) WHERE ms[i] <= $last_month] AS idx
WHERE size(idx) > 0
RETURN a.uscc AS payer, b.uscc AS payee,
       [i IN idx | toInteger(substring(ms[i], 0, 4)) * 12 + toInteger(substring(ms[i], 5, 2))] AS months,
       [i IN idx | ts[i]] AS totals
