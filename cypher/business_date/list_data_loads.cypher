// Loads recorded by graph/business_date.py, latest business date first. $limit: int, the most rows.
MATCH (l:DataLoad)
RETURN toString(l.business_date) AS business_date, toString(l.ended_at) AS ended_at, l.source AS source
ORDER BY l.business_date DESC
LIMIT $limit
