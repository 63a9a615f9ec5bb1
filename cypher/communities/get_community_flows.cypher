// Payment totals of one community: paid between members (internal), into members from outside
// (inbound) and from members to outside (outbound) — the cohesion evidence of a cluster.
// $community: int.
MATCH (m:Enterprise {community: $community})
CALL (m) {
  OPTIONAL MATCH (m)-[p:PAID]->(o:Enterprise)
  RETURN sum(CASE WHEN o.community = $community THEN p.total ELSE 0.0 END) AS internal,
         sum(CASE WHEN o.community = $community THEN 0.0 ELSE coalesce(p.total, 0.0) END) AS outbound,
         count(CASE WHEN o.community = $community THEN p END) AS internal_ties
}
CALL (m) {
  OPTIONAL MATCH (o:Enterprise)-[p:PAID]->(m) WHERE coalesce(o.community, -1) <> $community
  RETURN coalesce(sum(p.total), 0.0) AS inbound
}
RETURN count(m) AS size, sum(internal) AS internal, sum(inbound) AS inbound, sum(outbound) AS outbound,
       sum(internal_ties) AS internal_ties
