// Enterprises paid by anyone in a window: a fund loop that closes in the window ends with
// such a payment, into its core or one of the core's related parties.
// $since, $until: ISO dates (since exclusive, until inclusive). One row per payee.
MATCH ()-[t:TXN]->(e:Enterprise)
WHERE t.date > date($since) AND t.date <= date($until)
RETURN DISTINCT e.uscc AS uscc
ORDER BY uscc
