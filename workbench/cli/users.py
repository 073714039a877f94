"""Reviewer accounts for `workbench serve`: add, list, change a password, remove.

Passwords are read from the terminal (not echoed) or one line of stdin, hashed at once, and
never printed or logged.
"""

from __future__ import annotations

import getpass
import os
import sys
from typing import Annotated

import typer

from workbench import paths
from workbench.cli.options import JsonOption, StoreOption, open_store
from workbench.cli.output import info, print_json, table
from workbench.errors import InputError
from workbench.records import Role
from workbench.review.passwords import MAX_LENGTH, MIN_LENGTH, hash_password
from workbench.store.accounts import check_account_name

users_app = typer.Typer(help="Reviewer accounts for `workbench serve`.", no_args_is_help=True)

NameArgument = Annotated[str, typer.Argument(help="Account name (what the login screen asks).")]
PasswordStdinOption = Annotated[
    bool,
    typer.Option("--password-stdin", help="Read the password from the first line of stdin."),
]


def _password(from_stdin: bool) -> str:
    password = sys.stdin.readline().rstrip("\r\n") if from_stdin else _ask_twice()
    if len(password) < MIN_LENGTH:
        raise InputError(f"the password must have at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise InputError(f"the password must have at most {MAX_LENGTH} characters")
    return password


def _ask_twice() -> str:
    """The password typed twice on the terminal, not echoed. Ctrl-C is the CLI's interrupt
    (exit 130); end of input or no terminal at all is a user error."""
    if not _has_terminal():
        raise InputError(
            "no terminal to ask the password on", hint="pipe it in with --password-stdin"
        )
    try:
        password = getpass.getpass("Password: ")
        again = getpass.getpass("Repeat for confirmation: ")
    except EOFError:
        raise InputError("no password given (end of input)") from None
    if password != again:
        raise InputError("the two passwords differ")
    return password


def _has_terminal() -> bool:
    try:
        os.close(os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY))
    except OSError:
        return False
    return True


@users_app.command("add")
def add(
    name: NameArgument,
    role: Annotated[
        Role, typer.Option("--role", help="translator edits; reviewer also approves.")
    ] = Role.TRANSLATOR,
    password_stdin: PasswordStdinOption = False,
    store: StoreOption = None,
) -> None:
    """Create an account; the password is asked for twice (or read from stdin).

    Example: workbench users add anna --role reviewer
    """
    check_account_name(name)
    if paths.store_path(store).exists():
        with open_store(store, create=False) as opened:
            if opened.accounts.get(name) is not None:
                raise InputError(f"there is already an account named {name!r}")
    # Asked before a new store is created: an interrupted prompt leaves nothing behind.
    password_hash = hash_password(_password(password_stdin))
    with open_store(store) as opened:
        opened.accounts.add(name, role, password_hash)
    info(f"added {role} {name}")


@users_app.command("list")
def list_accounts(store: StoreOption = None, as_json: JsonOption = False) -> None:
    """Show every account with its role (never a password or its hash).

    Example: workbench users list --json
    """
    with open_store(store, create=False) as opened:
        accounts = opened.accounts.list_all()
    if as_json:
        print_json([{"name": a.name, "role": str(a.role), "created": a.created} for a in accounts])
        return
    table(["name", "role", "created"], [(a.name, str(a.role), a.created) for a in accounts])


@users_app.command("passwd")
def passwd(
    name: NameArgument, password_stdin: PasswordStdinOption = False, store: StoreOption = None
) -> None:
    """Set a new password for an account.

    Example: workbench users passwd anna
    """
    with open_store(store, create=False) as opened:
        if opened.accounts.get(name) is None:
            raise InputError(f"no account named {name!r}", hint="see `workbench users list`")
        opened.accounts.set_password_hash(name, hash_password(_password(password_stdin)))
    info(f"changed the password of {name}")


@users_app.command("remove")
def remove(name: NameArgument, store: StoreOption = None) -> None:
    """Delete an account; what it did stays recorded under its name.

    Example: workbench users remove anna
    """
    with open_store(store, create=False) as opened:
        opened.accounts.remove(name)
    info(f"removed {name}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.add_typer(users_app, name="users")
