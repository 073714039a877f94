"""`workbench serve`: the review app in a browser, behind reviewer accounts."""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer

from workbench import paths
from workbench.cli.options import StoreOption, open_store
from workbench.cli.output import info
from workbench.errors import InputError


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to bind; another than loopback needs accounts.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port to listen on.")] = 8000,
    public_url: Annotated[
        str | None,
        typer.Option(
            "--public-url",
            help="The address browsers use, e.g. https://review.example.org behind a proxy "
            "[default: http://HOST:PORT]",
        ),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Serve the review app to browsers (one app process per tab), behind a login screen.

    Example: workbench serve --port 8000
    """
    with open_store(store, create=False) as opened:
        accounts = opened.accounts.list_all()
    if not is_loopback(host) and not accounts:
        raise InputError(
            f"refusing to serve on {host} with no accounts: anyone could review",
            hint="add one with `workbench users add NAME --role reviewer`",
        )
    if not accounts:
        info("no accounts yet: nobody can log in (add one with `workbench users add NAME`)")
    from workbench.review.web import serve as serve_web

    serve_web(paths.store_path(store), host, port, public_url)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command()(serve)
