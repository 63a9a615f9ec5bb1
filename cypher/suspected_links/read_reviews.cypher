// Every suspected link a reviewer has decided on (the labels the next computation learns from).
// No parameters. Returns a (uscc), b (uscc), status ('confirmed' or 'rejected').
MATCH (a:Enterprise)-[r:SUSPECTED_LINK]->(b:Enterprise)
WHERE r.status IN ['confirmed', 'rejected']
RETURN a.uscc AS a, b.uscc AS b, r.status AS status
