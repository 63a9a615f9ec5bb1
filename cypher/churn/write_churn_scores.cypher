// Writes churn warnings onto enterprise customers, batched: probability, model version, reasons, as-of date.
// $rows: [{customer_no: string, score: float|null, model: string|null, reasons: [string]|null,
//          as_of: string|null}] — all-null values remove a stale warning (the customer left the population).
UNWIND $rows AS row
MATCH (c:Customer {customer_no: row.customer_no})
SET c.churn_score = row.score, c.churn_model = row.model, c.churn_reasons = row.reasons,
    c.churn_as_of = row.as_of
RETURN count(c) AS written
