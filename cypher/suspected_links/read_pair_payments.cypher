// Monthly trade totals of given payer -> payee pairs up to $last_month (the PAID aggregate's months), for
// the payment-timing features of suspected links.
// $pairs: [[payer uscc, payee uscc]]; $last_month: 'YYYY-MM'. Returns payer, payee, months: [year * 12 +
// month] (integers, so the features need no date parsing), totals: [float]; no row for a pair with no
// trade up to $last_month.
UNWIND $pairs AS pair
MATCH (a:Enterprise {uscc: pair[0]})-[p:PAID]->(b:Enterprise {uscc: pair[1]})
WITH a, b, p, [i IN range(0, size(p.months) - 1) WHERE p.months[i] <= $last_month] AS idx
WHERE size(idx) > 0
RETURN a.uscc AS payer, b.uscc AS payee,
       [i IN idx | toInteger(substring(p.months[i], 0, 4)) * 12 + toInteger(substring(p.months[i], 5, 2))] AS months,
       [i IN idx | p.month_totals[i]] AS totals
