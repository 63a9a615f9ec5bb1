// Enterprises registered on or after $since that are tied to one of the seed customers (新注册企业营销):
// they trade with it (a PAID aggregate either way), belong to its group (a direct shareholding either way,
// or a common enterprise shareholder), or share a person who is an officer or legal representative of
// both. One row per tie; `path` is the evidence, from the customer to the new enterprise.
// $usccs: [string], the seed customers' USCCs; $since: YYYY-MM-DD.
UNWIND $usccs AS seed
MATCH (c:Enterprise {uscc: seed})
CALL (c) {
  MATCH (c)-[p:PAID]-(n:Enterprise)
  WHERE n.established >= date($since)
  RETURN n, 'trade' AS kind, [c.uscc, n.uscc] AS path, p.total AS amount,
         CASE WHEN startNode(p) = c THEN 'customer pays it' ELSE 'it pays the customer' END AS detail
  UNION ALL
  MATCH (c)-[s:HOLDS_SHARES]-(n:Enterprise)
  WHERE n.established >= date($since) AND s.valid_to IS NULL
  RETURN n, 'group' AS kind, [c.uscc, n.uscc] AS path, null AS amount,
         CASE WHEN startNode(s) = c THEN 'the customer holds ' ELSE 'it holds ' END
           + toString(toInteger(round(coalesce(s.ratio, 0.0) * 100))) + '%' AS detail
  UNION ALL
  MATCH (c)<-[s1:HOLDS_SHARES]-(h:Enterprise)-[s2:HOLDS_SHARES]->(n:Enterprise)
  WHERE n.established >= date($since) AND n <> c AND s1.valid_to IS NULL AND s2.valid_to IS NULL
  RETURN n, 'group' AS kind, [c.uscc, h.uscc, n.uscc] AS path, null AS amount,
         'both held by ' + h.name AS detail
  UNION ALL
  MATCH (c)<-[o1:OFFICER_OF|LEGAL_REP_OF]-(person:Person)-[o2:OFFICER_OF|LEGAL_REP_OF]->(n:Enterprise)
  WHERE n.established >= date($since) AND n <> c AND o1.valid_to IS NULL AND o2.valid_to IS NULL
  RETURN n, 'officer' AS kind, [c.uscc, person.person_id, n.uscc] AS path, null AS amount,
         person.name + ' serves both' AS detail
}
WITH c, n, kind, path, amount, detail
WHERE NOT n.uscc IN $usccs AND NOT EXISTS { (:Customer)-[:IS_PARTY]->(n) }
RETURN c.uscc AS via, n.uscc AS uscc, n.name AS name, toString(n.established) AS established, kind, path,
       amount, detail
ORDER BY uscc, via, kind
