// Alerts, newest first, filtered. $rm: rm_id or null; $status: 'open' | 'acknowledged' | 'closed' or
// null; $recipient: 'rm' | 'risk' or null; $limit: int.
MATCH (a:Alert)
WHERE ($rm IS NULL OR a.rm_id = $rm) AND ($status IS NULL OR a.status = $status)
  AND ($recipient IS NULL OR a.recipient = $recipient)
RETURN a {.*, since: toString(a.since), until: toString(a.until), raised_at: toString(a.raised_at),
          acknowledged_at: toString(a.acknowledged_at), closed_at: toString(a.closed_at)} AS alert
ORDER BY a.until DESC, CASE a.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, a.alert_id
LIMIT $limit
