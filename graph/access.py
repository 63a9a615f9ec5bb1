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


def customer_book(store: GraphStore, customer_no: str) -> BookEntry | None:
    """Whose book one customer record is in; None when there is no such customer."""
    rows = store.read("access/get_customer_book", {"customer_no": customer_no})
    return BookEntry(**rows[0]) if rows else None


def rm_branch(store: GraphStore, rm_id: str) -> str | None:
    rows = store.read("access/get_rm_branch", {"rm_id": rm_id})
    return rows[0]["branch_code"] if rows else None


def rms_of_branch(store: GraphStore, branch_code: str) -> list[str]:
    return [row["rm_id"] for row in store.read("access/list_branch_rms", {"branch_code": branch_code})]


@dataclass(frozen=True)
class AlertOwner:
    """The RM an alert was raised for (None: a risk-desk alert) and that RM's branch."""

    rm_id: str | None
    rm_branch: str | None

    def held_by(self, rm_id: str | None, branch: str | None) -> bool:
        if self.rm_id is None:
            return False
        return (rm_id is not None and self.rm_id == rm_id) or (branch is not None and self.rm_branch == branch)


def alert_owner(store: GraphStore, alert_id: str) -> AlertOwner | None:
    """Whose alert it is; None when there is no such alert."""
    rows = store.read("access/get_alert_owner", {"alert_id": alert_id})
    return AlertOwner(rows[0]["rm_id"], rows[0]["rm_branch"]) if rows else None


def lead_in_reach(store: GraphStore, party_id: str, rm_id: str | None, branch: str | None) -> bool:
    """Whether the party is a customer of the book, or tied to one by the ties leads are made of."""
    rows = store.read("access/count_lead_reach", {"party_id": party_id, "rm_id": rm_id, "branch_code": branch})
    return bool(rows and rows[0]["ties"])
