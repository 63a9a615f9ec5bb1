// What each of some customers paid out in the two windows payments_to_non_customers compares, per
// payee, and whether the payee banked with us at each window's end (graph/analytics/alerts_flows.py),
// in one pass over the customers' payments (the windows of a night overlap all but two days).
// Salaries and taxes ($non_trade purposes) are left out: they go to staff and the tax office wherever
// the customer banks. $usccs: [uscc]; windows ($before_from, $d0] and ($after_from, $d1], ISO dates;
// $non_trade: [purpose]. One row per (customer, payee) paid in either window; payee_kind 'E' or 'P'.
UNWIND $usccs AS u
MATCH (e:Enterprise {uscc: u})-[t:TXN]->(payee:Enterprise|Person)
WHERE t.date > date($before_from) AND t.date <= date($d1) AND NOT coalesce(t.purpose, '') IN $non_trade
WITH u, payee, t.date AS day, t.amount AS amount
WITH u, payee,
     sum(CASE WHEN day <= date($d0) THEN amount ELSE 0.0 END) AS before_total,
     sum(CASE WHEN day <= date($d0) THEN 1 ELSE 0 END) AS before_payments,
     sum(CASE WHEN day > date($after_from) THEN amount ELSE 0.0 END) AS after_total,
     sum(CASE WHEN day > date($after_from) THEN 1 ELSE 0 END) AS after_payments
RETURN u AS uscc, coalesce(payee.uscc, payee.person_id) AS payee, payee.name AS name,
       CASE WHEN payee:Enterprise THEN 'E' ELSE 'P' END AS payee_kind,
       before_total, before_payments, after_total, after_payments,
       EXISTS { MATCH (c:Customer)-[:IS_PARTY]->(payee) WHERE c.since IS NULL OR c.since <= date($d0) }
         AS customer_before,
       EXISTS { MATCH (c:Customer)-[:IS_PARTY]->(payee) WHERE c.since IS NULL OR c.since <= date($d1) }
         AS customer_after
