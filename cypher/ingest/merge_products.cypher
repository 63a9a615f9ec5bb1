// Record which bank products a customer holds, keyed by customer and product name.
// $rows: [{_row, row_hash, customer_no, product, opened (nullable)}]
// Rows whose customer is unknown return nothing (the loader rejects them).
UNWIND $rows AS row
MATCH (c:Customer {customer_no: row.customer_no})
MERGE (p:Product {name: row.product})
MERGE (c)-[h:HOLDS_PRODUCT]->(p)
WITH h, row, h.row_hash AS old
FOREACH (_ IN CASE WHEN old = row.row_hash THEN [] ELSE [1] END |
  SET h.opened = date(row.opened), h.row_hash = row.row_hash)
RETURN row._row AS _row,
       CASE WHEN old IS NULL THEN 'inserted' WHEN old = row.row_hash THEN 'unchanged' ELSE 'updated' END AS outcome
