// Ownership ties for the GNN encoders (graph/learning/hetero.py): shareholdings valid on $as_of.
// $as_of: ISO date string (not null). Valid = valid_from null or <= $as_of, and valid_to null or after
// $as_of (a holding closed on $as_of no longer holds).
// Columns: holder_kind ('E' or 'P'), holder (uscc or person_id), company (uscc), ratio (may be null).
MATCH (h:Enterprise|Person)-[s:HOLDS_SHARES]->(c:Enterprise)
WHERE (s.valid_from IS NULL OR s.valid_from <= date($as_of))
  AND (s.valid_to IS NULL OR s.valid_to > date($as_of))
RETURN CASE WHEN h:Person THEN 'P' ELSE 'E' END AS holder_kind, coalesce(h.uscc, h.person_id) AS holder,
       c.uscc AS company, s.ratio AS ratio
