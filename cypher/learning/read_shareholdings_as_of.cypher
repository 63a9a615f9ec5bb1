// Shareholdings in force on $as_of: valid_from on or before it (or undated) and valid_to after it (or open).
// $as_of: ISO date. Returns holder_kind ('E'/'P'), holder_id (uscc or person_id), company (uscc), ratio.
MATCH (h:Enterprise|Person)-[s:HOLDS_SHARES]->(c:Enterprise)
WHERE (s.valid_from IS NULL OR s.valid_from <= date($as_of)) AND (s.valid_to IS NULL OR s.valid_to > date($as_of))
RETURN CASE WHEN h:Enterprise THEN 'E' ELSE 'P' END AS holder_kind, coalesce(h.uscc, h.person_id) AS holder_id,
       c.uscc AS company, s.ratio AS ratio
