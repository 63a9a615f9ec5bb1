// Write degree figures back onto enterprises: buyers (in-degree), suppliers (out-degree), weighted
// in/out strength (CNY), distinct counterparties, and the degree rank (counterparties, then amount).
// $rows: [{uscc, buyers: int, suppliers: int, strength_in: float, strength_out: float,
//          counterparties: int, rank: int}]
UNWIND $rows AS row
MATCH (e:Enterprise {uscc: row.uscc})
SET e.degree_in = row.buyers, e.degree_out = row.suppliers, e.strength_in = row.strength_in,
    e.strength_out = row.strength_out, e.counterparties = row.counterparties, e.degree_rank = row.rank
