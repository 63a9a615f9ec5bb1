// What decides whether a chain partner is a lead: is it already a customer, does it carry negative events
// (negative-role court cases or penalties), and its hub score and risk diffusion (both may be null).
// $usccs: [string]; $roles: [string], the negative court roles.
UNWIND $usccs AS id
MATCH (e:Enterprise {uscc: id})
OPTIONAL MATCH (c:Customer)-[:IS_PARTY]->(e)
WITH e, min(c.customer_no) AS customer_no
RETURN e.uscc AS uscc, e.name AS name, e.pagerank AS pagerank, e.risk_diffusion AS risk_diffusion,
       customer_no,
       COUNT { (e)-[r:PARTY_IN]->(:CourtCase) WHERE r.role IN $roles } +
       COUNT { (e)-[:PENALISED_IN]->(:Penalty) } AS negative_events
