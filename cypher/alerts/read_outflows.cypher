// What each of some customers paid out in a window, per payee, and whether the payee banked with us at
// the window's end: the facts of the payments_to_non_customers alert (graph/analytics/alerts_flows.py).
// Salaries and taxes ($non_trade purposes) are left out: they go to staff and the tax office wherever
// the customer banks. $usccs: [uscc]; $since, $until: ISO dates, the window (since exclusive, until
// inclusive); $non_trade: [purpose]. One row per (customer, payee); payee_kind 'E' or 'P'.
UNWIND $usccs AS u
MATCH (e:Enterprise {uscc: u})-[t:TXN]->(payee:Enterprise|Person)
WHERE t.date > date($since) AND t.date <= date($until) AND NOT coalesce(t.purpose, '') IN $non_trade
WITH u, payee, sum(t.amount) AS total, count(t) AS payments
RETURN u AS uscc, coalesce(payee.uscc, payee.person_id) AS payee, payee.name AS name,
       CASE WHEN payee:Enterprise THEN 'E' ELSE 'P' END AS payee_kind, total, payments,
       EXISTS { MATCH (c:Customer)-[:IS_PARTY]->(payee) WHERE c.since IS NULL OR c.since <= date($until) }
         AS customer
