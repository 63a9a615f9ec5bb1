// Write statistical risk diffusion scores onto enterprises (never the legal extension, which is a list).
// $rows: [{uscc, score: float in (0, 1], sources: int (how many event-seeded parties contribute)}]
UNWIND $rows AS row
MATCH (e:Enterprise {uscc: row.uscc})
SET e.risk_diffusion = row.score, e.risk_diffusion_sources = row.sources
