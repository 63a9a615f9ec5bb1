// Whether a party can be a lead of an RM's (or a branch's) book: it is one of the book's customers, or
// tied to one within two steps of the ties leads are made of (payments either way, shareholdings,
// officers and legal representatives: a supplier's supplier, a shared shareholder or officer).
// Parameters: $party_id (USCC or person id), $rm_id (or null), $branch_code (or null).
OPTIONAL MATCH (e:Enterprise {uscc: $party_id})
OPTIONAL MATCH (p:Person {person_id: $party_id})
WITH coalesce(e, p) AS party
WHERE party IS NOT NULL
MATCH (c:Customer)-[:IS_PARTY]->(seed)
WHERE ($rm_id IS NOT NULL AND EXISTS { (c)-[:MANAGED_BY]->(:RM {rm_id: $rm_id}) })
   OR ($branch_code IS NOT NULL AND (EXISTS { (c)-[:BOOKED_AT]->(:Branch {branch_code: $branch_code}) }
       OR EXISTS { (c)-[:MANAGED_BY]->(:RM)-[:WORKS_AT]->(:Branch {branch_code: $branch_code}) }))
WITH party, seed
WHERE seed = party
   OR EXISTS { (seed)-[:PAID|HOLDS_SHARES|OFFICER_OF|LEGAL_REP_OF]-(party) }
   OR EXISTS { (seed)-[:PAID|HOLDS_SHARES|OFFICER_OF|LEGAL_REP_OF]-()-[:PAID|HOLDS_SHARES|OFFICER_OF|LEGAL_REP_OF]-(party) }
RETURN count(*) AS ties
