// Record that a load ended, with the business date its data reach. Keyed by business_date: loading the
// same data again only moves ended_at; a later delta with later facts adds a new DataLoad.
// $business_date: ISO date; $source: text naming what was loaded (a directory), may be null.
MERGE (l:DataLoad {business_date: date($business_date)})
ON CREATE SET l.first_ended_at = datetime()
SET l.ended_at = datetime(), l.source = $source
RETURN toString(l.business_date) AS business_date
