// Assign leads to a campaign's arms: one TARGETS relationship per lead, keyed by campaign_id|party_id.
// $campaign_id: string; $rows: [{key, party_id, party_kind (E/P), arm (treatment/control), decile (1 = top),
//   score, rank, rm_id, branch_code, customer_no (null for non-customers)}].
// Rows whose party is not in the graph return nothing (the caller counts them).
MATCH (c:Campaign {campaign_id: $campaign_id})
UNWIND $rows AS row
OPTIONAL MATCH (e:Enterprise {uscc: row.party_id}) WHERE row.party_kind = 'E'
OPTIONAL MATCH (p:Person {person_id: row.party_id}) WHERE row.party_kind = 'P'
WITH c, row, coalesce(e, p) AS party
WHERE party IS NOT NULL
MERGE (c)-[t:TARGETS {key: row.key}]->(party)
SET t.arm = row.arm, t.decile = row.decile, t.score = row.score, t.rank = row.rank, t.rm_id = row.rm_id,
    t.branch_code = row.branch_code, t.customer_no = row.customer_no, t.party_kind = row.party_kind
RETURN row.party_id AS party_id
