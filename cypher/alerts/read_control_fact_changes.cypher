// The enterprises whose shareholders, officers or legal representative changed in ($since, $until]: a
// HOLDS_SHARES, OFFICER_OF or LEGAL_REP_OF fact into them began or ended in that window. A fact is in
// force on a day when valid_from <= day < valid_to (control/read_holders.cypher), so it is in force on
// one of the two days and not the other exactly when one of its dates falls in ($since, $until]; an
// enterprise's control can differ between the two days only if it, or one upstream of it, is here.
// $since, $until: ISO dates. One row per enterprise.
MATCH ()-[s:HOLDS_SHARES]->(e:Enterprise)
WHERE (s.valid_from > date($since) AND s.valid_from <= date($until))
   OR (s.valid_to > date($since) AND s.valid_to <= date($until))
RETURN DISTINCT e.uscc AS uscc
UNION
MATCH (:Person)-[o:OFFICER_OF|LEGAL_REP_OF]->(e:Enterprise)
WHERE (o.valid_from > date($since) AND o.valid_from <= date($until))
   OR (o.valid_to > date($since) AND o.valid_to <= date($until))
RETURN DISTINCT e.uscc AS uscc
