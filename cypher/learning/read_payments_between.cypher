// Trade payments between enterprises dated in ($after, $until], summed per payer -> payee pair: the part
// of the as-of month that the monthly totals cannot split (used only when the as-of date is not a month end).
// $after, $until: ISO dates; $non_trade: purposes that are not trade (salaries, taxes).
// Returns source, target, total.
MATCH (a:Enterprise)-[t:TXN]->(b:Enterprise)
WHERE t.date > date($after) AND t.date <= date($until) AND (t.purpose IS NULL OR NOT t.purpose IN $non_trade)
RETURN a.uscc AS source, b.uscc AS target, sum(t.amount) AS total
