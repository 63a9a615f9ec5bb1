// Acknowledge or close alerts, recording who and when. $rows: [{alert_id, status: 'acknowledged' |
// 'closed', by: who acted}]. Acknowledging is for open alerts; closing is final; a repeat changes nothing.
// Returns each alert found (an unknown id returns no row).
UNWIND $rows AS row
MATCH (a:Alert {alert_id: row.alert_id})
FOREACH (_ IN CASE WHEN row.status = 'acknowledged' AND a.status = 'open' THEN [1] ELSE [] END |
  SET a.status = 'acknowledged', a.acknowledged_by = row.by, a.acknowledged_at = datetime())
FOREACH (_ IN CASE WHEN row.status = 'closed' AND a.status <> 'closed' THEN [1] ELSE [] END |
  SET a.status = 'closed', a.closed_by = row.by, a.closed_at = datetime())
RETURN a {.*, since: toString(a.since), until: toString(a.until), raised_at: toString(a.raised_at),
          acknowledged_at: toString(a.acknowledged_at), closed_at: toString(a.closed_at)} AS alert
