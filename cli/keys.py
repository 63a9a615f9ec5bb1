"""`liantu keys create|list|revoke`: the API's keys, stored hashed in LIANTU_HOME/api_keys.json.

`create` prints the key once, on standard output alone (so `KEY=$(liantu keys create ...)` works);
nothing keeps it in clear afterwards. The API rereads the file when it changes, so a revocation takes
effect on the next request without a restart.
"""

from __future__ import annotations

import typer
from rich.table import Table

from cli.common import console, err_console, reports_errors, settings
from liantu.config import Role
from liantu.errors import InvalidInput
from liantu.keys import KeyStore

keys_app = typer.Typer(help="API keys: create (printed once), list, revoke. Stored hashed (scrypt).",
                       no_args_is_help=True)


def _store() -> KeyStore:
    return KeyStore.from_settings(settings())


@keys_app.command("create")
@reports_errors
def create(
    role: str = typer.Option(..., "--role", help="rm, risk or admin."),
    rm: str = typer.Option(None, "--rm", help="An RM's id: the key sees that RM's book (role rm)."),
    branch: str = typer.Option(None, "--branch", help="A branch code: a branch manager's key (role rm)."),
    name: str = typer.Option(None, "--name", help="Who or what holds the key, e.g. 'RM app, Zhengzhou'."),
) -> None:
    """Create a key; it is printed once and only its hash is kept."""
    try:
        chosen = Role(role)
    except ValueError:
        raise InvalidInput(f"--role {role!r}: choose rm, risk or admin") from None
    store = _store()
    identity, key = store.create(chosen, name=name, rm_id=rm, branch=branch)
    book = f" (RM {identity.rm_id})" if identity.rm_id else f" (branch {identity.branch})" if identity.branch else ""
    err_console.print(f"Created key {identity.key_id} for role {identity.role}{book} in {store.path}. "
                      "It is shown once, below; store it in your secret store now.")
    print(key)


@keys_app.command("list")
@reports_errors
def list_keys(
    all_keys: bool = typer.Option(False, "--all", help="Include revoked keys."),
) -> None:
    """The keys by id, with their role, book, name and dates (never the key)."""
    store = _store()
    table = Table(title=f"API keys in {store.path}")
    for column in ("key id", "role", "RM", "branch", "name", "created", "revoked"):
        table.add_column(column)
    records = [r for r in store.records() if all_keys or r.revoked_at is None]
    for r in records:
        table.add_row(r.key_id, r.role, r.rm_id or "", r.branch or "", r.name or "", r.created_at,
                      r.revoked_at or "")
    console.print(table)
    if not records:
        console.print("No keys yet: `liantu keys create --role ...`.")


@keys_app.command("revoke")
@reports_errors
def revoke(key_id: str = typer.Argument(..., help="The key id from `liantu keys list`.")) -> None:
    """Revoke a key: the API refuses it from its next request on."""
    record = _store().revoke(key_id)
    console.print(f"Key {record.key_id} ({record.role}) revoked at {record.revoked_at}.")


def register(app: typer.Typer) -> None:
    app.add_typer(keys_app, name="keys")
