// Which of some days have tags computed for them: a seek in the has_tag_as_of index per day, stopping at
// the first tag found. $days: [ISO date]. Returns as_of (ISO date) for each day that has tags.
UNWIND $days AS day
WITH date(day) AS d
WHERE EXISTS { MATCH ()-[h:HAS_TAG]->() WHERE h.as_of = d }
RETURN toString(d) AS as_of
ORDER BY as_of
