// Trade between enterprises in up to four windows, one row per payer -> payee pair, in one pass over the
// payments: the tags and the alert rules each compare windows of the year, and on a bank's book every
// pass over the TXN facts costs a minute or more. Salaries and taxes are not trade.
// $from, $to: dates bounding every window (from exclusive, to inclusive); $starts, $ends: four dates each,
// window k is ($starts[k], $ends[k]] (an unused window has start = end); $non_trade: [purpose].
MATCH (a:Enterprise)-[t:TXN]->(b:Enterprise)
WHERE t.date > $from AND t.date <= $to AND NOT coalesce(t.purpose, '') IN $non_trade
WITH a, b, t.date AS day, t.amount AS amount,
     $starts[0] AS s0, $ends[0] AS e0, $starts[1] AS s1, $ends[1] AS e1,
     $starts[2] AS s2, $ends[2] AS e2, $starts[3] AS s3, $ends[3] AS e3
WITH a, b, amount,
     CASE WHEN day > s0 AND day <= e0 THEN 1 ELSE 0 END AS in0,
     CASE WHEN day > s1 AND day <= e1 THEN 1 ELSE 0 END AS in1,
     CASE WHEN day > s2 AND day <= e2 THEN 1 ELSE 0 END AS in2,
     CASE WHEN day > s3 AND day <= e3 THEN 1 ELSE 0 END AS in3
WITH a, b, sum(in0 * amount) AS total0, sum(in0) AS payments0, sum(in1 * amount) AS total1,
     sum(in1) AS payments1, sum(in2 * amount) AS total2, sum(in2) AS payments2, sum(in3 * amount) AS total3,
     sum(in3) AS payments3
RETURN a.uscc AS payer, b.uscc AS payee, total0, payments0, total1, payments1, total2, payments2, total3,
       payments3
