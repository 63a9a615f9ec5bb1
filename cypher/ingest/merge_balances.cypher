// Record a customer's average balance for a month, keyed by customer_no|month.
// $rows: [{_row, row_hash, key, customer_no, month (YYYY-MM), avg_balance}]
// Rows whose customer is unknown return nothing (the loader rejects them).
UNWIND $rows AS row
MATCH (c:Customer {customer_no: row.customer_no})
MERGE (b:MonthlyBalance {key: row.key})
WITH c, b, row, b.row_hash AS old
FOREACH (_ IN CASE WHEN old = row.row_hash THEN [] ELSE [1] END |
  SET b.month = row.month, b.avg_balance = row.avg_balance, b.row_hash = row.row_hash)
MERGE (c)-[:HAS_BALANCE]->(b)
RETURN row._row AS _row,
       CASE WHEN old IS NULL THEN 'inserted' WHEN old = row.row_hash THEN 'unchanged' ELSE 'updated' END AS outcome
