"""`workbench serve`: the review app in a browser, behind reviewer accounts."""

from __future__ import annotations

from typing import Annotated

import typer

from workbench import paths
from workbench.cli.options import StoreOption, open_store
from workbench.cli.output import info
from workbench.errors import InputError
from workbench.review.web_gate import is_loopback


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
    max_tabs: Annotated[
        int, typer.Option("--max-tabs", min=1, help="Most tabs open at once (~50 MB each).")
    ] = 32,
    max_tabs_per_client: Annotated[
        int, typer.Option("--max-tabs-per-client", min=1, help="Most tabs open per address.")
    ] = 8,
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

    serve_web(
        paths.store_path(store),
        host,
        port,
        public_url,
        max_tabs=max_tabs,
        max_tabs_per_client=max_tabs_per_client,
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command()(serve)
