// All shortest relationship paths (找关系) between two parties, ignoring direction, over current ties.
// $from_id, $to_id: a USCC (Enterprise) or a person_id (Person); the two must differ.
// $types: [relationship type], a subset of the fixed list in the pattern, chosen by graph/analytics/paths.py
//   from its allow-list of tie kinds; $max_hops: 1..6 (paths longer than it are dropped);
// $as_of: ISO date: ties in force that day (shareholdings, officers, legal representatives: valid_from
// on or before it or undated, valid_to after it or open; guarantees: started by it, end_date not before
// it); $limit: max paths returned.
CALL () {
  MATCH (a:Enterprise {uscc: $from_id}) RETURN a
  UNION
  MATCH (a:Person {person_id: $from_id}) RETURN a
}
CALL () {
  MATCH (b:Enterprise {uscc: $to_id}) RETURN b
  UNION
  MATCH (b:Person {person_id: $to_id}) RETURN b
}
MATCH p = allShortestPaths(
  (a)-[:HOLDS_SHARES|OFFICER_OF|LEGAL_REP_OF|GUARANTEES|PAID|HAS_ADDRESS|HAS_PHONE*..6]-(b))
WHERE all(r IN relationships(p) WHERE type(r) IN $types
          AND (r.valid_from IS NULL OR r.valid_from <= date($as_of))
          AND (r.valid_to IS NULL OR r.valid_to > date($as_of))
          AND (r.start_date IS NULL OR r.start_date <= date($as_of))
          AND (r.end_date IS NULL OR r.end_date >= date($as_of)))
WITH p
WHERE length(p) <= $max_hops
WITH p LIMIT $limit
RETURN [n IN nodes(p) | {
          kind: CASE WHEN n:Enterprise THEN 'E' WHEN n:Person THEN 'P' WHEN n:Phone THEN 'phone' ELSE 'address' END,
          id: coalesce(n.uscc, n.person_id, n.number, n.norm),
          name: coalesce(n.name, n.number, n.norm)}] AS nodes,
       [r IN relationships(p) | {
          type: type(r),
          source: coalesce(startNode(r).uscc, startNode(r).person_id),
          target: coalesce(endNode(r).uscc, endNode(r).person_id, endNode(r).number, endNode(r).norm),
          ratio: r.ratio, role: r.role, amount: r.amount, total: r.total, count: r.count,
          kind: r.kind}] AS ties
