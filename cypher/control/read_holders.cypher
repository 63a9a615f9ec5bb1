// The current direct shareholders of a set of companies: one row per holding (valid_to null, ratio > 0).
// $usccs: [uscc]. Used level by level to read the ownership component upstream of a company.
// holder_kind is 'E' (enterprise, holder_id = USCC) or 'P' (person, holder_id = person_id).
UNWIND $usccs AS company
MATCH (c:Enterprise {uscc: company})<-[s:HOLDS_SHARES]-(h:Enterprise|Person)
WHERE s.valid_to IS NULL AND s.ratio > 0
RETURN company,
       CASE WHEN h:Person THEN 'P' ELSE 'E' END AS holder_kind,
       coalesce(h.uscc, h.person_id) AS holder_id,
       h.name AS holder_name,
       s.ratio AS ratio
