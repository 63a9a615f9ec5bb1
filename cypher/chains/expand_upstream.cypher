// One hop upstream along payment direction: the suppliers that the frontier enterprises pay.
// $frontier: [uscc]; $min_amount: float (edges whose total is below it are ignored);
// $since, $until: ISO dates or null (keep edges active in the window: last payment on/after $since,
//   first payment on/before $until).
// tie_share = this edge's total / the supplier's total income from enterprises (how much the supplier
// depends on this buyer).
UNWIND $frontier AS src
MATCH (buyer:Enterprise {uscc: src})-[p:PAID]->(supplier:Enterprise)
WHERE p.total >= $min_amount
  AND ($since IS NULL OR p.last_date >= date($since))
  AND ($until IS NULL OR p.first_date <= date($until))
RETURN buyer.uscc AS via, supplier.uscc AS uscc, supplier.name AS name,
       p.total AS total, p.count AS count, toString(p.first_date) AS first_date,
       toString(p.last_date) AS last_date,
       CASE WHEN supplier.paid_in_total > 0 THEN p.total / supplier.paid_in_total ELSE null END AS tie_share
