// Trade between enterprises in the three windows the alert rules compare, one row per payer -> payee
// pair, in one pass over the payments (each window read on its own meant three passes over every TXN
// fact: minutes each on a bank's book). Salaries and taxes are not trade.
// $year_from, $d0: the year to D0 (top trade partners); $before_from: the 90 days to D0; $after_from,
// $d1: the 90 days to D1 (chain disruption). Windows are (from, to]. $non_trade: [purpose].
MATCH (a:Enterprise)-[t:TXN]->(b:Enterprise)
WHERE t.date > date($year_from) AND t.date <= date($d1) AND NOT coalesce(t.purpose, '') IN $non_trade
WITH a, b, t.date AS day, t.amount AS amount
WITH a, b,
     sum(CASE WHEN day <= date($d0) THEN amount ELSE 0.0 END) AS year_total,
     sum(CASE WHEN day > date($before_from) AND day <= date($d0) THEN amount ELSE 0.0 END) AS before_total,
     sum(CASE WHEN day > date($after_from) THEN amount ELSE 0.0 END) AS after_total
RETURN a.uscc AS payer, b.uscc AS payee, year_total, before_total, after_total
