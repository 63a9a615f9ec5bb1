// Indexes behind the structure analytics (hubs, communities, core enterprises): top-k by each hub
// rank, members of one community, and the industry-section filter of core enterprises.
// Idempotent (IF NOT EXISTS); applied by graph/schema.py as schema version 5.
CREATE INDEX enterprise_pagerank_rank IF NOT EXISTS FOR (n:Enterprise) ON (n.pagerank_rank);
CREATE INDEX enterprise_articlerank_rank IF NOT EXISTS FOR (n:Enterprise) ON (n.articlerank_rank);
CREATE INDEX enterprise_betweenness_rank IF NOT EXISTS FOR (n:Enterprise) ON (n.betweenness_rank);
CREATE INDEX enterprise_degree_rank IF NOT EXISTS FOR (n:Enterprise) ON (n.degree_rank);
CREATE INDEX enterprise_community IF NOT EXISTS FOR (n:Enterprise) ON (n.community);
CREATE INDEX enterprise_industry_section IF NOT EXISTS FOR (n:Enterprise) ON (n.industry_section);
