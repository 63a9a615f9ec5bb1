// Recompute each given enterprise's total payments out to and in from other enterprises, the
// denominators of tie strength (a partner's share of this enterprise's spending or income).
// sum() over no rows is the integer 0; toFloat keeps every total a float, as the bulk path writes it.
// $usccs: [string]
UNWIND $usccs AS uscc
MATCH (e:Enterprise {uscc: uscc})
CALL (e) { OPTIONAL MATCH (e)-[p:PAID]->(:Enterprise) RETURN toFloat(sum(p.total)) AS paid_out }
CALL (e) { OPTIONAL MATCH (:Enterprise)-[p:PAID]->(e) RETURN toFloat(sum(p.total)) AS paid_in }
SET e.paid_out_total = paid_out, e.paid_in_total = paid_in
