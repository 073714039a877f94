"""TUI fixtures: a real review store in tmp_path, an app on it, and a frozen clock."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

import workbench.store
from tests.tui.helpers import ReviewStore, build_review_store
from workbench.review.app import ReviewApp

STORE_TIME = "2025-03-04T10:00:00.000000+00:00"
APP_TIME = datetime(2025, 3, 4, 12, 30, tzinfo=UTC)
REVIEWER = "anna"


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every time the store writes is STORE_TIME, so screens with times are stable."""
    for module_info in pkgutil.iter_modules(workbench.store.__path__):
        module = importlib.import_module(f"workbench.store.{module_info.name}")
        if hasattr(module, "utc_now"):
            monkeypatch.setattr(module, "utc_now", lambda: STORE_TIME)


@pytest.fixture
def review_store(tmp_path: Path) -> ReviewStore:
    """A translated article and an aligned pair, in a real store file."""
    return build_review_store(tmp_path / "review.db")


@pytest.fixture
def frozen_store(frozen_clock: None, tmp_path: Path) -> ReviewStore:
    """The review store, written with the frozen clock (for snapshots)."""
    return build_review_store(tmp_path / "review.db")


def app_factory(store: ReviewStore) -> Callable[..., ReviewApp]:
    """Review apps on `store` with a fixed reviewer and clock and no cursor blink."""

    def make(document_id: int | None = None, reviewer: str = REVIEWER) -> ReviewApp:
        return ReviewApp(
            store.path, reviewer, document_id, clock=lambda: APP_TIME, cursor_blink=False
        )

    return make


@pytest.fixture
def make_app(review_store: ReviewStore) -> Callable[..., ReviewApp]:
    """Review apps on the test store."""
    return app_factory(review_store)


@pytest.fixture
def make_frozen_app(frozen_store: ReviewStore) -> Callable[..., ReviewApp]:
    """Review apps on the frozen-clock store."""
    return app_factory(frozen_store)
