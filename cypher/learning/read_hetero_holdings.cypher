// Ownership ties for the GNN encoders (graph/learning/hetero.py): shareholdings valid on $as_of.
// $as_of: ISO date string (not null). Valid = valid_from null or <= $as_of, and valid_to null or after
// $as_of (a holding closed on $as_of no longer holds).
// Columns of each row: holder_kind ('E' or 'P'), holder (uscc or person_id), company (uscc), ratio (may be null).
// ONE row, rows: a list of value lists in the column order above (a record per row cost the driver
// more than the server spends finding it; graph/learning/asof.py reads the same way).
MATCH (h:Enterprise|Person)-[s:HOLDS_SHARES]->(c:Enterprise)
WHERE (s.valid_from IS NULL OR s.valid_from <= date($as_of))
  AND (s.valid_to IS NULL OR s.valid_to > date($as_of))
RETURN collect([CASE WHEN h:Person THEN 'P' ELSE 'E' END, coalesce(h.uscc, h.person_id), c.uscc, s.ratio]) AS rows
