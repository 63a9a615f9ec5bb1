// Headline counts for reports: enterprises, persons, customers and the main relationships.
// Parameters: none.
RETURN COUNT { MATCH (:Enterprise) } AS enterprises,
       COUNT { MATCH (:Person) } AS persons,
       COUNT { MATCH (:Customer) } AS customers,
       COUNT { MATCH ()-[:HOLDS_SHARES]->() } AS shareholdings,
       COUNT { MATCH ()-[:LEGAL_REP_OF]->() } AS legal_representatives,
       COUNT { MATCH ()-[:OFFICER_OF]->() } AS officers,
       COUNT { MATCH ()-[:GUARANTEES]->() } AS guarantees,
       COUNT { MATCH ()-[:TXN]->() } AS transactions,
       COUNT { MATCH ()-[:PAID]->() } AS payment_edges
