// Writes each enterprise customer's product recommendations, batched: products best first, their scores,
// one reason per product, the method and the as-of date. An empty list means nothing to recommend.
// $rows: [{customer_no: string, products: [string], scores: [float], reasons: [string], method: string,
//          as_of: string}]
UNWIND $rows AS row
MATCH (c:Customer {customer_no: row.customer_no})
SET c.rec_products = row.products, c.rec_scores = row.scores, c.rec_reasons = row.reasons,
    c.rec_method = row.method, c.rec_as_of = row.as_of
RETURN count(c) AS written
