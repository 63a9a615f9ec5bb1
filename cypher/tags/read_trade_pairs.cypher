// Trade between enterprises in a window, one row per payer -> payee pair: the facts behind the size,
// 规上, 核心企业 and upstream/downstream tags (graph/analytics/tags.py). Salaries and taxes are not trade.
// $since, $until: ISO dates, the window (since exclusive, until inclusive); $non_trade: [purpose].
MATCH (a:Enterprise)-[t:TXN]->(b:Enterprise)
WHERE t.date > date($since) AND t.date <= date($until) AND NOT coalesce(t.purpose, '') IN $non_trade
RETURN a.uscc AS payer, b.uscc AS payee, sum(t.amount) AS total, count(t) AS payments
