// One hop downstream against payment direction: the buyers that pay the frontier enterprises.
// $frontier: [uscc]; $min_amount: float (edges whose total is below it are ignored);
// $since, $until: ISO dates or null (keep edges active in the window).
// tie_share = this edge's total / the buyer's total spending on enterprises (how much of the buyer's
// purchasing goes to this supplier).
UNWIND $frontier AS src
MATCH (buyer:Enterprise)-[p:PAID]->(supplier:Enterprise {uscc: src})
WHERE p.total >= $min_amount
  AND ($since IS NULL OR p.last_date >= date($since))
  AND ($until IS NULL OR p.first_date <= date($until))
RETURN supplier.uscc AS via, buyer.uscc AS uscc, buyer.name AS name,
       p.total AS total, p.count AS count, toString(p.first_date) AS first_date,
       toString(p.last_date) AS last_date,
       CASE WHEN buyer.paid_out_total > 0 THEN p.total / buyer.paid_out_total ELSE null END AS tie_share
