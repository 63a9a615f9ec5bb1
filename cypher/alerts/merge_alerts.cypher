// Raise alerts: one Alert per alert_id (a hash of the rule and the change it saw, never of the run), so
// running the rules again raises nothing twice and leaves an alert's status as its reader set it.
// $rows: [{alert_id, rule, severity, recipient ('rm' | 'risk'), rm_id, customer_no, uscc, name, title,
//          message, evidence: [string], since, until}]. Returns the ids created by this run.
UNWIND $rows AS row
MERGE (a:Alert {alert_id: row.alert_id})
ON CREATE SET a.rule = row.rule, a.severity = row.severity, a.recipient = row.recipient, a.rm_id = row.rm_id,
              a.customer_no = row.customer_no, a.uscc = row.uscc, a.name = row.name, a.title = row.title,
              a.message = row.message, a.evidence = row.evidence, a.since = date(row.since),
              a.until = date(row.until), a.status = 'open', a.raised_at = datetime(), a.created = true
WITH a, coalesce(a.created, false) AS created
REMOVE a.created
RETURN a.alert_id AS alert_id, created
