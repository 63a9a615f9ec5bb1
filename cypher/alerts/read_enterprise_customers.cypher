// Enterprise customers on $as_of with their RM and branch, the latest monthly average balance at or
// before $month and how many products they held by $as_of: the facts of tiers and alert routing.
// $month: 'YYYY-MM'; $as_of: ISO date.
MATCH (c:Customer)-[:IS_PARTY]->(e:Enterprise)
WHERE c.since IS NULL OR c.since <= date($as_of)
OPTIONAL MATCH (c)-[:MANAGED_BY]->(rm:RM)
OPTIONAL MATCH (c)-[:BOOKED_AT]->(b:Branch)
CALL (c) {
  OPTIONAL MATCH (c)-[:HAS_BALANCE]->(m:MonthlyBalance) WHERE m.month <= $month
  RETURN m.month AS month, m.avg_balance AS balance ORDER BY m.month DESC LIMIT 1
}
RETURN c.customer_no AS customer_no, e.uscc AS uscc, e.name AS name, rm.rm_id AS rm_id,
       b.branch_code AS branch_code, month, balance,
       COUNT { MATCH (c)-[h:HOLDS_PRODUCT]->(:Product) WHERE h.opened IS NULL OR h.opened <= date($as_of) } AS products
ORDER BY customer_no
