// What each enterprise received in trade payments (货款, 服务费) from $since on: the money that could sit
// with us (existing-customer uplift), with the number of paying counterparties.
// $usccs: [string]; $since: YYYY-MM-DD.
UNWIND $usccs AS id
MATCH (e:Enterprise {uscc: id})
OPTIONAL MATCH (payer:Enterprise)-[t:TXN]->(e)
WHERE t.date >= date($since) AND t.purpose IN ['货款', '服务费']
RETURN e.uscc AS uscc, coalesce(sum(t.amount), 0.0) AS inflow, count(DISTINCT payer) AS payers
