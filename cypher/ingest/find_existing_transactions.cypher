// The txn_ids of a batch that are already in the graph (a seek in the txn_id uniqueness index each), so
// the payment loader writes only the others with a plain CREATE. $ids: [txn_id].
UNWIND $ids AS id
MATCH ()-[t:TXN {txn_id: id}]->()
RETURN id
