// Enforcement debtors held (directly or through up to 4 levels of current shareholdings) by one enterprise:
// the candidates of which it may be the actual controller.
// $uscc: string; $ended: [string], the case statuses that no longer restrict.
MATCH (x:Enterprise {uscc: $uscc})-[hs:HOLDS_SHARES*1..4]->(d:Enterprise)
WHERE all(s IN hs WHERE s.valid_to IS NULL) AND d <> x
  AND EXISTS {
    MATCH (d)-[:PARTY_IN {role: '被执行人'}]->(c:CourtCase) WHERE c.case_type STARTS WITH '执' AND NOT coalesce(c.status, 'active') IN $ended
  }
RETURN DISTINCT d.uscc AS uscc
ORDER BY uscc
