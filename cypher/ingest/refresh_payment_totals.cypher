// Recompute each given enterprise's total payments out to and in from other enterprises, the
// denominators of tie strength (a partner's share of this enterprise's spending or income).
// $usccs: [string]
UNWIND $usccs AS uscc
MATCH (e:Enterprise {uscc: uscc})
CALL (e) { OPTIONAL MATCH (e)-[p:PAID]->(:Enterprise) RETURN coalesce(sum(p.total), 0.0) AS paid_out }
CALL (e) { OPTIONAL MATCH (:Enterprise)-[p:PAID]->(e) RETURN coalesce(sum(p.total), 0.0) AS paid_in }
SET e.paid_out_total = paid_out, e.paid_in_total = paid_in
