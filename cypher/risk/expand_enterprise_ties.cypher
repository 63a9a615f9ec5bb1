// One hop of risk ties around some enterprises, in both directions (for one entity's diffusion paths).
// $usccs: [string]; $as_of: ISO date.
// Columns: tie (control/guarantee/supply), src_kind, src, dst_kind, dst (E = uscc, P = person_id), ratio
// (control), amount (guarantee amount or payment total), src_total (payer's paid_out_total), dst_total (payee's
// paid_in_total). Control: holder -> company, holdings in force on
// $as_of (ISO date, the business date by default). Guarantee: guarantor -> borrower, in force on $as_of.
// Supply: payer -> payee (PAID), ties begun by $as_of (their totals as loaded). Also src_name, dst_name.
UNWIND $usccs AS id
MATCH (e:Enterprise {uscc: id})
CALL (e) {
  MATCH (h:Enterprise|Person)-[s:HOLDS_SHARES]->(e)
  WHERE (s.valid_from IS NULL OR s.valid_from <= date($as_of)) AND (s.valid_to IS NULL OR s.valid_to > date($as_of))
  RETURN 'control' AS tie, h AS a, e AS b, s.ratio AS ratio, null AS amount
  UNION ALL
  MATCH (e)-[s:HOLDS_SHARES]->(c:Enterprise)
  WHERE (s.valid_from IS NULL OR s.valid_from <= date($as_of)) AND (s.valid_to IS NULL OR s.valid_to > date($as_of))
  RETURN 'control' AS tie, e AS a, c AS b, s.ratio AS ratio, null AS amount
  UNION ALL
  MATCH (g:Enterprise)-[r:GUARANTEES]->(e)
  WHERE (r.start_date IS NULL OR r.start_date <= date($as_of)) AND (r.end_date IS NULL OR r.end_date >= date($as_of))
  RETURN 'guarantee' AS tie, g AS a, e AS b, null AS ratio, r.amount AS amount
  UNION ALL
  MATCH (e)-[r:GUARANTEES]->(b:Enterprise)
  WHERE (r.start_date IS NULL OR r.start_date <= date($as_of)) AND (r.end_date IS NULL OR r.end_date >= date($as_of))
  RETURN 'guarantee' AS tie, e AS a, b, null AS ratio, r.amount AS amount
  UNION ALL
  MATCH (a:Enterprise)-[p:PAID]->(e) WHERE p.first_date IS NULL OR p.first_date <= date($as_of)
  RETURN 'supply' AS tie, a, e AS b, null AS ratio, p.total AS amount
  UNION ALL
  MATCH (e)-[p:PAID]->(b:Enterprise) WHERE p.first_date IS NULL OR p.first_date <= date($as_of)
  RETURN 'supply' AS tie, e AS a, b, null AS ratio, p.total AS amount
}
RETURN tie, CASE WHEN a:Enterprise THEN 'E' ELSE 'P' END AS src_kind, coalesce(a.uscc, a.person_id) AS src,
       'E' AS dst_kind, b.uscc AS dst, ratio, amount, a.paid_out_total AS src_total, b.paid_in_total AS dst_total,
       a.name AS src_name, b.name AS dst_name
