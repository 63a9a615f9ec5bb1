// The direct shareholders of a set of companies on $as_of: one row per holding in force that day (valid_from
// on or before it or undated, valid_to after it or open; ratio > 0).
// $usccs: [uscc]; $as_of: ISO date (graph/business_date.py gives the default). Used level by level to read the ownership component upstream of a company.
// holder_kind is 'E' (enterprise, holder_id = USCC) or 'P' (person, holder_id = person_id).
UNWIND $usccs AS company
MATCH (c:Enterprise {uscc: company})<-[s:HOLDS_SHARES]-(h:Enterprise|Person)
WHERE (s.valid_from IS NULL OR s.valid_from <= date($as_of)) AND (s.valid_to IS NULL OR s.valid_to > date($as_of)) AND s.ratio > 0
RETURN company,
       CASE WHEN h:Person THEN 'P' ELSE 'E' END AS holder_kind,
       coalesce(h.uscc, h.person_id) AS holder_id,
       h.name AS holder_name,
       s.ratio AS ratio
