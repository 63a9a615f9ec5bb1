// A campaign's leads with what decides conversion: the earliest `since` of the party's customer records
// (became a customer) and the highest monthly average balance in the window's months (became effective).
// $campaign_id: string; $first_month, $last_month: YYYY-MM, the months the window covers.
MATCH (:Campaign {campaign_id: $campaign_id})-[t:TARGETS]->(party)
OPTIONAL MATCH (cust:Customer)-[:IS_PARTY]->(party)
WITH t, party, min(cust.since) AS since, collect(cust) AS customers
CALL (customers) {
  UNWIND customers AS cust
  MATCH (cust)-[:HAS_BALANCE]->(b:MonthlyBalance)
  WHERE b.month >= $first_month AND b.month <= $last_month
  RETURN max(b.avg_balance) AS best_balance
}
RETURN coalesce(party.uscc, party.person_id) AS party_id, t.party_kind AS party_kind, t.arm AS arm,
       t.decile AS decile, t.score AS score, t.rank AS rank, t.rm_id AS rm_id, t.branch_code AS branch_code,
       t.customer_no AS customer_no, toString(since) AS since, best_balance
ORDER BY t.rank
