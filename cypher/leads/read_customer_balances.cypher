// Monthly average balances of customers from $first_month on (临界户 and uplift leads), oldest first.
// $customer_nos: [string]; $first_month: YYYY-MM.
UNWIND $customer_nos AS no
MATCH (c:Customer {customer_no: no})-[:HAS_BALANCE]->(b:MonthlyBalance)
WHERE b.month >= $first_month
RETURN c.customer_no AS customer_no, b.month AS month, b.avg_balance AS avg_balance
ORDER BY customer_no, month
