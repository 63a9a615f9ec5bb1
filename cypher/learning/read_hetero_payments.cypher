// Payment ties for the GNN encoders (graph/learning/hetero.py): every payer -> payee pair with the
// count and total of its payments dated on or before $as_of (the learning convention: "as of D" = facts
// dated <= D, label windows are (D1, D2]). Read from the TXN facts, not the PAID aggregate, so that a
// payment on any day after $as_of cannot reach the as-of graph.
// $as_of: ISO date string (not null). $non_trade: purposes that are not trade (salaries, taxes); they are
// kept for payments to persons (wages tie a person to an employer) and dropped between enterprises,
// where a tax office would otherwise become everyone's neighbour.
// Columns of each row: payer (uscc), payee_kind ('E' or 'P'), payee (uscc or person_id), n, total.
// ONE row, rows: a list of value lists in the column order above (a record per row cost the driver
// more than the server spends finding it; graph/learning/asof.py reads the same way).
MATCH (a:Enterprise)-[t:TXN]->(b:Enterprise|Person)
WHERE t.date <= date($as_of) AND (b:Person OR t.purpose IS NULL OR NOT t.purpose IN $non_trade)
WITH a, b, count(t) AS n, sum(t.amount) AS total
RETURN collect([a.uscc, CASE WHEN b:Person THEN 'P' ELSE 'E' END, coalesce(b.uscc, b.person_id), n, total]) AS rows
