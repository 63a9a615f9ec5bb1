// How far the bank's data reaches: the latest customer `since` date and the latest balance month, so a
// campaign report can say whether its window is fully observed yet.
// No parameters.
CALL () { MATCH (c:Customer) RETURN toString(max(c.since)) AS last_since }
CALL () { MATCH (b:MonthlyBalance) RETURN max(b.month) AS last_month }
RETURN last_since, last_month
