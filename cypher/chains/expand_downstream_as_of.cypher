// One hop downstream against payment direction: the buyers that pay the frontier enterprises, as the
// payments stood on $as_of (nothing paid after it counts).
// $frontier: [uscc]; $min_amount: float (ties whose total on $as_of is below it are ignored);
// $since, $until: ISO dates or null (keep ties active in the window); $as_of: ISO date;
// $non_trade: [purpose] (salaries, taxes: not trade); $exact: bool, true when $as_of lies before the
//   business date, so some buyer's stored spending total (paid_out_total) may hold later payments and is
//   recomputed from the ties as of $as_of.
// A tie whose last payment is on or before $as_of is read from its PAID aggregate; only a tie that runs
// past $as_of is summed from its TXN facts, so the default (the business date) reads no TXN at all.
// tie_share = this tie's total / the buyer's total spending on enterprises (how much of the buyer's
// purchasing goes to this supplier).
UNWIND $frontier AS src
MATCH (buyer:Enterprise)-[p:PAID]->(supplier:Enterprise {uscc: src})
WHERE p.first_date IS NULL OR p.first_date <= date($as_of)
CALL (buyer, supplier, p) {
  WITH buyer, supplier, p WHERE p.last_date > date($as_of)
  MATCH (buyer)-[t:TXN]->(supplier)
  WHERE t.date <= date($as_of) AND NOT coalesce(t.purpose, '') IN $non_trade
  RETURN sum(t.amount) AS cut_total, count(t) AS cut_count, min(t.date) AS cut_first, max(t.date) AS cut_last
}
WITH buyer, supplier, p, p.last_date > date($as_of) AS cut, cut_total, cut_count, cut_first, cut_last
WITH buyer, supplier,
     CASE WHEN cut THEN cut_total ELSE p.total END AS total, CASE WHEN cut THEN cut_count ELSE p.count END AS count,
     CASE WHEN cut THEN cut_first ELSE p.first_date END AS first_date,
     CASE WHEN cut THEN cut_last ELSE p.last_date END AS last_date
WHERE total >= $min_amount AND count > 0
  AND ($since IS NULL OR last_date >= date($since))
  AND ($until IS NULL OR first_date <= date($until))
CALL (buyer) {
  WITH buyer WHERE $exact
  MATCH (buyer)-[q:PAID]->(y:Enterprise)
  WHERE q.first_date IS NULL OR q.first_date <= date($as_of)
  CALL (buyer, y, q) {
    WITH buyer, y, q WHERE q.last_date > date($as_of)
    MATCH (buyer)-[t:TXN]->(y)
    WHERE t.date <= date($as_of) AND NOT coalesce(t.purpose, '') IN $non_trade
    RETURN sum(t.amount) AS part
  }
  RETURN sum(CASE WHEN q.last_date > date($as_of) THEN part ELSE q.total END) AS spending_as_of
}
WITH buyer, supplier, total, count, first_date, last_date,
     CASE WHEN $exact THEN spending_as_of ELSE buyer.paid_out_total END AS spending
RETURN supplier.uscc AS via, buyer.uscc AS uscc, buyer.name AS name,
       total, count, toString(first_date) AS first_date, toString(last_date) AS last_date,
       CASE WHEN spending > 0 THEN total / spending ELSE null END AS tie_share
