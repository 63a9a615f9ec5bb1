// How many Phone and Address nodes exist and how many of them tie two or more enterprises. No parameters.
CALL () {
  MATCH (n:Phone)
  RETURN count(n) AS phones, count(CASE WHEN COUNT { (n)<-[:HAS_PHONE]-(:Enterprise) } >= 2 THEN 1 END) AS shared_phones
}
CALL () {
  MATCH (n:Address)
  RETURN count(n) AS addresses,
         count(CASE WHEN COUNT { (n)<-[:HAS_ADDRESS]-(:Enterprise) } >= 2 THEN 1 END) AS shared_addresses
}
RETURN phones, shared_phones, addresses, shared_addresses
