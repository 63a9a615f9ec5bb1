// One hop of risk ties around some persons: their current shareholdings (persons have no guarantee or
// supply ties in the model). $pids: [string] (person_id); $as_of: unused here, accepted for symmetry.
// Columns: tie (control/guarantee/supply), src_kind, src, dst_kind, dst (E = uscc, P = person_id), ratio
// (control), amount (guarantee amount or payment total), src_total (payer's paid_out_total), dst_total (payee's
// paid_in_total). Control: holder -> company, current holdings. Guarantee: guarantor -> borrower, not ended on
// $as_of (ISO date or null = today). Supply: payer -> payee (PAID). Also src_name, dst_name.
UNWIND $pids AS id
MATCH (p:Person {person_id: id})-[s:HOLDS_SHARES]->(c:Enterprise) WHERE s.valid_to IS NULL
RETURN 'control' AS tie, 'P' AS src_kind, p.person_id AS src, 'E' AS dst_kind, c.uscc AS dst, s.ratio AS ratio,
       null AS amount, null AS src_total, null AS dst_total, p.name AS src_name, c.name AS dst_name
