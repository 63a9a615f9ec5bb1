// Majority holdings (>= 50%) in force on $as_of: the links that make a 集团 (group) for the group_member
// tag. In force: valid_from on or before $as_of or undated, valid_to after it or open.
// $as_of: ISO date. Returns holder kind ('E'/'P'), holder id, company USCC and ratio.
MATCH (h:Enterprise|Person)-[s:HOLDS_SHARES]->(c:Enterprise)
WHERE s.ratio >= 0.5
  AND (s.valid_from IS NULL OR s.valid_from <= date($as_of)) AND (s.valid_to IS NULL OR s.valid_to > date($as_of))
RETURN CASE WHEN h:Person THEN 'P' ELSE 'E' END AS holder_kind, coalesce(h.uscc, h.person_id) AS holder_id,
       c.uscc AS company, s.ratio AS ratio
