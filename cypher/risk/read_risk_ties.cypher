// The whole weighted projection for risk diffusion: every current control, guarantee and supply tie.
// Columns: tie (control/guarantee/supply), src_kind, src, dst_kind, dst (E = uscc, P = person_id), ratio
// (control), amount (guarantee amount or payment total), src_total (payer's paid_out_total), dst_total (payee's
// paid_in_total). Control: holder -> company, current holdings. Guarantee: guarantor -> borrower, not ended on
// $as_of (ISO date or null = today). Supply: payer -> payee (PAID).
CALL () {
  MATCH (h:Enterprise|Person)-[s:HOLDS_SHARES]->(c:Enterprise) WHERE s.valid_to IS NULL
  RETURN 'control' AS tie, h AS a, c AS b, s.ratio AS ratio, null AS amount
  UNION ALL
  MATCH (g:Enterprise)-[r:GUARANTEES]->(b:Enterprise)
  WHERE r.end_date IS NULL OR r.end_date >= coalesce(date($as_of), date())
  RETURN 'guarantee' AS tie, g AS a, b, null AS ratio, r.amount AS amount
  UNION ALL
  MATCH (a:Enterprise)-[p:PAID]->(b:Enterprise)
  RETURN 'supply' AS tie, a, b, null AS ratio, p.total AS amount
}
RETURN tie, CASE WHEN a:Enterprise THEN 'E' ELSE 'P' END AS src_kind, coalesce(a.uscc, a.person_id) AS src,
       'E' AS dst_kind, b.uscc AS dst, ratio, amount, a.paid_out_total AS src_total, b.paid_in_total AS dst_total
