// The dates the bank's data reach, for a lead list not given an as-of date: the latest customer `since`,
// enterprise registration and balance month (the month through an index, ordered, not a full scan).
// No parameters.
CALL () { MATCH (c:Customer) RETURN toString(max(c.since)) AS since }
CALL () { MATCH (e:Enterprise) RETURN toString(max(e.established)) AS established }
CALL () {
  OPTIONAL MATCH (b:MonthlyBalance) WHERE b.month IS NOT NULL
  RETURN b.month AS month ORDER BY b.month DESC LIMIT 1
}
RETURN since, established, month
