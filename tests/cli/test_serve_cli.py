"""`workbench serve` refuses to expose a store nobody has to log in to."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support import SWEDISH_SEED
from workbench.review.web import TEMPLATES, served_command
from workbench.review.web_gate import is_loopback


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "review.example.org", "::"])
def test_another_address_than_loopback_needs_an_account(invoke, host: str) -> None:  # type: ignore[no-untyped-def]
    invoke("ingest", str(SWEDISH_SEED))
    result = invoke("serve", "--host", host)
    assert result.exit_code == 2
    assert f"refusing to serve on {host} with no accounts" in result.stderr
    assert "Traceback" not in result.stderr


def test_loopback_names() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.0.0.2", "::1", "localhost"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "10.0.0.1", "example.org"))


def test_the_page_template_loads_nothing_from_another_host() -> None:
    page = (TEMPLATES / "app_index.html").read_text("utf-8")
    # xmlns is a name, not a request; anything else with a scheme would be fetched.
    urls = [u for u in re.findall(r"(?:https?:)?//[\w.-]+", page) if "www.w3.org" not in u]
    assert urls == []
    assert "fonts/RobotoMono" in page


def test_each_tab_runs_the_served_app_on_the_store(tmp_path: Path) -> None:
    command = served_command(tmp_path / "x.db")
    assert "workbench.review.served" in command and str(tmp_path / "x.db") in command
