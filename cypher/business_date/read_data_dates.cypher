// The latest date each kind of dated fact in the graph reaches, to fix a load's business date (the day
// the data describe, not the wall clock). No parameters. One row; any column may be null on an empty graph.
// month is the latest balance month 'YYYY-MM' (read through its index); the others are dates. Guarantee
// end dates are left out: a guarantee's maturity lies in the future of the data.
CALL () { MATCH ()-[t:TXN]->() RETURN max(t.date) AS payment }
CALL () {
  OPTIONAL MATCH (b:MonthlyBalance) WHERE b.month IS NOT NULL
  RETURN b.month AS month ORDER BY b.month DESC LIMIT 1
}
CALL () { MATCH (c:Customer) RETURN max(c.since) AS customer }
CALL () { MATCH (e:Enterprise) RETURN max(e.established) AS established }
CALL () {
  MATCH ()-[r:HOLDS_SHARES|OFFICER_OF|LEGAL_REP_OF]->()
  RETURN max(coalesce(r.valid_to, r.valid_from)) AS tie_end, max(r.valid_from) AS tie_start
}
CALL () { MATCH ()-[g:GUARANTEES]->() RETURN max(g.start_date) AS guarantee }
RETURN toString(payment) AS payment, month, toString(customer) AS customer, toString(established) AS established,
       toString(tie_end) AS tie_end, toString(tie_start) AS tie_start, toString(guarantee) AS guarantee
