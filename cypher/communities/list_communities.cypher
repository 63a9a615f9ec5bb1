// The largest communities (ids are numbered by size, 1 = largest) with their top members by hub
// score (PageRank) and their industry-section and city mix.
// $limit: int (communities); $members: int (top members per community); $min_id: int (first id, 1).
MATCH (e:Enterprise) WHERE e.community >= $min_id AND e.community < $min_id + $limit
WITH e.community AS community, count(*) AS size
ORDER BY community
CALL (community) {
  MATCH (m:Enterprise {community: community})
  WITH m ORDER BY coalesce(m.pagerank, 0.0) DESC, m.uscc LIMIT $members
  RETURN collect({uscc: m.uscc, name: m.name, pagerank: m.pagerank, industry_code: m.industry_code,
                  region_code: m.region_code, paid_in_total: coalesce(m.paid_in_total, 0.0)}) AS members
}
CALL (community) {
  MATCH (m:Enterprise {community: community}) WHERE m.industry_section IS NOT NULL
  WITH m.industry_section AS key, count(*) AS n ORDER BY n DESC, key LIMIT 3
  RETURN collect({key: key, count: n}) AS sections
}
CALL (community) {
  MATCH (m:Enterprise {community: community}) WHERE m.region_code IS NOT NULL
  WITH substring(m.region_code, 0, 4) AS key, count(*) AS n ORDER BY n DESC, key LIMIT 3
  RETURN collect({key: key, count: n}) AS regions
}
RETURN community, size, members, sections, regions
ORDER BY community
