// Which of some enterprises paid another enterprise in a window: the only ones a fund loop closing in
// the window can start from (a loop spans at most its window, so its first leg is this recent).
// $usccs: [uscc]; $since, $until: ISO dates (since exclusive, until inclusive). One row per payer.
UNWIND $usccs AS u
MATCH (e:Enterprise {uscc: u})
WHERE EXISTS { MATCH (e)-[t:TXN]->(:Enterprise) WHERE t.date > date($since) AND t.date <= date($until) }
RETURN u AS uscc
