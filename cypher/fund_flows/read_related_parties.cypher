// The related parties a circular fund flow may return to (资金闭环, docs/rules.md §9):
// enterprises that control the core through a chain of current >= 50% holdings, every enterprise
// those controllers or the core control the same way (the core's group), and enterprises whose
// current legal representative is the core's current legal representative.
// $usccs: [uscc], the cores (one for a loop search; the night's payees for the nightly alert). Returns
// one row per (core, party, basis); a core itself is excluded from its own parties.
UNWIND $usccs AS code
MATCH (c:Enterprise {uscc: code})
OPTIONAL MATCH up = (top:Enterprise)-[:HOLDS_SHARES*1..10]->(c)
  WHERE all(h IN relationships(up) WHERE h.valid_to IS NULL AND h.ratio >= 0.5)
WITH c, [x IN collect(DISTINCT top) WHERE x <> c] AS controllers
CALL (c, controllers) {
  UNWIND controllers AS s
  RETURN s, 'controls the core (>= 50% chain)' AS basis
  UNION
  UNWIND controllers + [c] AS root
  MATCH down = (root)-[:HOLDS_SHARES*1..10]->(s:Enterprise)
  WHERE all(h IN relationships(down) WHERE h.valid_to IS NULL AND h.ratio >= 0.5)
  RETURN s, 'controlled by the core or its controller (>= 50% chain)' AS basis
  UNION
  MATCH (p:Person)-[l:LEGAL_REP_OF]->(c) WHERE l.valid_to IS NULL
  MATCH (p)-[l2:LEGAL_REP_OF]->(s:Enterprise) WHERE l2.valid_to IS NULL
  RETURN s, 'same legal representative' AS basis
}
WITH c, s, basis WHERE s <> c
RETURN c.uscc AS core, s.uscc AS uscc, s.name AS name, basis
ORDER BY core, uscc, basis
