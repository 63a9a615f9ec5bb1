// Monthly average balances of every customer for the months $from_month .. $to_month (inclusive,
// 'YYYY-MM' strings compare in calendar order). Used for balance level and trend as of a date and for
// the effective-customer labels (graph/learning/asof.py, labels.py).
// ONE row of three parallel columns (a record per balance would cost the driver far more than the
// server's work); a balance without a value is left out. Returns customer_no: [string],
// month: ['YYYY-MM'], balance: [float].
MATCH (c:Customer)-[:HAS_BALANCE]->(b:MonthlyBalance)
WHERE b.month >= $from_month AND b.month <= $to_month AND b.avg_balance IS NOT NULL
RETURN collect(c.customer_no) AS customer_no, collect(b.month) AS month, collect(b.avg_balance) AS balance
