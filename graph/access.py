"""Whose book a record is in, for the API's RM scoping: an enterprise's customer records with their RM
and branches, an RM's branch, a campaign's scope."""

from __future__ import annotations

from dataclasses import dataclass

from graph.store import GraphStore


@dataclass(frozen=True)
class BookEntry:
    """One customer record of an enterprise: who manages it and where it is booked."""

    customer_no: str
    rm_id: str | None
    rm_branch: str | None
    booked_at: str | None

    def held_by(self, rm_id: str | None, branch: str | None) -> bool:
        """Whether an RM (by id) or a branch manager (by branch) holds this record."""
        if rm_id is not None and self.rm_id == rm_id:
            return True
        return branch is not None and branch in (self.rm_branch, self.booked_at)


def enterprise_book(store: GraphStore, uscc: str) -> list[BookEntry]:
    """The customer records of an enterprise; empty when it is nobody's customer here."""
    return [BookEntry(**row) for row in store.read("access/get_enterprise_book", {"uscc": uscc})]


def rm_branch(store: GraphStore, rm_id: str) -> str | None:
    rows = store.read("access/get_rm_branch", {"rm_id": rm_id})
    return rows[0]["branch_code"] if rows else None


def rms_of_branch(store: GraphStore, branch_code: str) -> list[str]:
    return [row["rm_id"] for row in store.read("access/list_branch_rms", {"branch_code": branch_code})]
