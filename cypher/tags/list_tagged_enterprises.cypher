// Enterprises carrying a tag computed for $as_of, with their customer facts, filtered.
// $tag: tag name; $as_of: ISO date; $branch: branch_code or null; $rm: rm_id or null (both keep only
// customers booked there / managed by them); $industry: industry_code prefix (a section letter, or
// e.g. 'C36') or null; $region: GB/T 2260 region_code prefix or null; $limit: int.
MATCH (e:Enterprise)-[h:HAS_TAG]->(:Tag {name: $tag})
WHERE h.as_of = date($as_of)
  AND ($industry IS NULL OR e.industry_code STARTS WITH $industry OR e.industry_section = $industry)
  AND ($region IS NULL OR e.region_code STARTS WITH $region)
OPTIONAL MATCH (c:Customer)-[:IS_PARTY]->(e)
OPTIONAL MATCH (c)-[:MANAGED_BY]->(rm:RM)
OPTIONAL MATCH (c)-[:BOOKED_AT]->(b:Branch)
WITH e, h, c, rm, b
WHERE ($branch IS NULL OR b.branch_code = $branch) AND ($rm IS NULL OR rm.rm_id = $rm)
RETURN e.uscc AS uscc, e.name AS name, e.industry_code AS industry_code, e.region_code AS region_code,
       c.customer_no AS customer_no, b.branch_code AS branch_code, rm.rm_id AS rm_id, h.value AS value,
       h.facts AS facts
ORDER BY coalesce(h.value, 0.0) DESC, uscc
LIMIT $limit
