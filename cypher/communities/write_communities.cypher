// Write community ids (Leiden on the undirected payment graph; 1 = largest community), the size of
// the community and the weakly connected component id onto enterprises.
// $rows: [{uscc, community: int, community_size: int, component: int}]
UNWIND $rows AS row
MATCH (e:Enterprise {uscc: row.uscc})
SET e.community = row.community, e.community_size = row.community_size, e.component = row.component
