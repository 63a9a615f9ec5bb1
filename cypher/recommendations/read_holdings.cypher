// Every product held by an enterprise customer, with the day it was opened: the customer-product graph.
// No parameters. ONE row of parallel columns: customer_no: [string], product: [string],
// opened: ['YYYY-MM-DD' | null], name: [the customer's enterprise name].
MATCH (c:Customer {party_kind: 'E'})-[h:HOLDS_PRODUCT]->(p:Product)
OPTIONAL MATCH (c)-[:IS_PARTY]->(e:Enterprise)
RETURN collect(c.customer_no) AS customer_no, collect(p.name) AS product,
       collect(CASE WHEN h.opened IS NULL THEN null ELSE toString(h.opened) END) AS opened,
       collect(e.name) AS name
