// The companies in which a set of enterprises holds shares on $as_of (in force that day, ratio > 0).
// $usccs: [uscc]; $as_of: ISO date. Used level by level to find the candidates an owner may control (downstream).
UNWIND $usccs AS holder
MATCH (h:Enterprise {uscc: holder})-[s:HOLDS_SHARES]->(c:Enterprise)
WHERE (s.valid_from IS NULL OR s.valid_from <= date($as_of)) AND (s.valid_to IS NULL OR s.valid_to > date($as_of)) AND s.ratio > 0
RETURN DISTINCT c.uscc AS uscc
