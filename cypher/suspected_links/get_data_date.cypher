// The date the payment data reach (the last trade payment), the default as-of date of a computation.
// No parameters. Returns last_date (ISO date, null when there are no payments).
MATCH ()-[p:PAID]->()
RETURN toString(max(p.last_date)) AS last_date
