// One hop of risk ties around some persons: their shareholdings in force on $as_of (persons have no guarantee or
// supply ties in the model). $pids: [string] (person_id); $as_of: ISO date.
// Columns: tie (control/guarantee/supply), src_kind, src, dst_kind, dst (E = uscc, P = person_id), ratio
// (control), amount (guarantee amount or payment total), src_total (payer's paid_out_total), dst_total (payee's
// paid_in_total). Control: holder -> company, holdings in force on
// $as_of (ISO date, the business date by default). Guarantee: guarantor -> borrower, in force on $as_of.
// Supply: payer -> payee (PAID), ties begun by $as_of (their totals as loaded). Also src_name, dst_name.
UNWIND $pids AS id
MATCH (p:Person {person_id: id})-[s:HOLDS_SHARES]->(c:Enterprise)
WHERE (s.valid_from IS NULL OR s.valid_from <= date($as_of)) AND (s.valid_to IS NULL OR s.valid_to > date($as_of))
RETURN 'control' AS tie, 'P' AS src_kind, p.person_id AS src, 'E' AS dst_kind, c.uscc AS dst, s.ratio AS ratio,
       null AS amount, null AS src_total, null AS dst_total, p.name AS src_name, c.name AS dst_name
