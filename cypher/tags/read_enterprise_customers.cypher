// Enterprise customers with their branch, RM, the latest monthly average balance at or before
// $month and whether they paid or were paid in ($since, $as_of]: the 临界户 and dormant tags.
// $month: 'YYYY-MM' (the month of $as_of); $as_of: ISO date; $since: ISO date (payments after it count
// as activity). `active` stops at the first such payment: a customer of a bank's book has hundreds, and
// counting them all read every one of them for every customer each night.
MATCH (c:Customer)-[:IS_PARTY]->(e:Enterprise)
WHERE c.since IS NULL OR c.since <= date($as_of)
CALL (c) {
  OPTIONAL MATCH (c)-[:HAS_BALANCE]->(b:MonthlyBalance) WHERE b.month <= $month
  RETURN b.month AS month, b.avg_balance AS balance ORDER BY b.month DESC LIMIT 1
}
RETURN e.uscc AS uscc, c.customer_no AS customer_no, month, balance,
       EXISTS { MATCH (e)-[t:TXN]-() WHERE t.date > date($since) AND t.date <= date($as_of) } AS active
