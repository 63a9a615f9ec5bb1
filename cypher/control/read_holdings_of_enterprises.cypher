// The companies in which a set of enterprises currently holds shares (valid_to null, ratio > 0).
// $usccs: [uscc]. Used level by level to find the candidates an owner may control (downstream).
UNWIND $usccs AS holder
MATCH (h:Enterprise {uscc: holder})-[s:HOLDS_SHARES]->(c:Enterprise)
WHERE s.valid_to IS NULL AND s.ratio > 0
RETURN DISTINCT c.uscc AS uscc
