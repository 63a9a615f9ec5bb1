// Monthly average balances of every customer for the months $from_month .. $to_month (inclusive,
// 'YYYY-MM' strings compare in calendar order). Used for balance level and trend as of a date and for
// the effective-customer labels (graph/learning/features.py, labels.py).
// One row per customer with at least one such month: customer_no, months: [YYYY-MM], balances: [float].
MATCH (c:Customer)-[:HAS_BALANCE]->(b:MonthlyBalance)
WHERE b.month >= $from_month AND b.month <= $to_month
RETURN c.customer_no AS customer_no, collect(b.month) AS months, collect(b.avg_balance) AS balances
