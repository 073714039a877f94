"""Where the store, the model packages, the articles and the caches live, resolved at call time.

Precedence: an explicit argument (the CLI flag), then the environment (`WORKBENCH_STORE`,
`WORKBENCH_MODELS`, `WORKBENCH_OUT`), then the defaults: the checkout's `store/`, `models/` and
`out/` when the package runs from a checkout (an editable install, or the source tree), else
the platform's folders for the user (`~/.local/share/workbench` and `~/Documents/workbench` on
Linux), never the site-packages folder an installed package sits in. Nothing is created here.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

STORE_ENV = "WORKBENCH_STORE"
MODELS_ENV = "WORKBENCH_MODELS"
OUT_ENV = "WORKBENCH_OUT"
CACHE_ENV = "WORKBENCH_CACHE"
_APP = "workbench"


def project_root() -> Path:
    """The folder holding the `workbench` package (the checkout, or site-packages)."""
    return Path(__file__).resolve().parent.parent


def checkout_root() -> Path | None:
    """The checkout the package runs from, or None for an installed package."""
    root = project_root()
    return root if (root / "pyproject.toml").is_file() else None


def data_dir() -> Path:
    """The folder the default store and models live in: the checkout, else the user's."""
    return checkout_root() or Path(platformdirs.user_data_dir(_APP, appauthor=False))


def store_path(explicit: str | Path | None = None) -> Path:
    """The SQLite file to use."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(STORE_ENV)
    if from_env:
        return Path(from_env)
    return data_dir() / "store" / "workbench.db"


def models_dir(explicit: str | Path | None = None) -> Path:
    """The folder holding installed Argos packages."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(MODELS_ENV)
    if from_env:
        return Path(from_env)
    return data_dir() / "models"


def out_dir(explicit: str | Path | None = None) -> Path:
    """The folder `workbench run` writes translated articles into (git-ignored `out/`)."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(OUT_ENV)
    if from_env:
        return Path(from_env)
    checkout = checkout_root()
    if checkout is not None:
        return checkout / "out"
    return Path(platformdirs.user_documents_dir()) / _APP


def cache_dir() -> Path:
    """Where compiled caches live (`WORKBENCH_CACHE`, else the platform's user cache folder)."""
    from_env = os.environ.get(CACHE_ENV)
    if from_env:
        return Path(from_env)
    return Path(platformdirs.user_cache_dir(_APP, appauthor=False))


def default_location_note() -> str | None:
    """A line telling where an installed package keeps its data, until that folder exists."""
    if checkout_root() is not None or data_dir().exists():
        return None
    if os.environ.get(STORE_ENV) and os.environ.get(MODELS_ENV):
        return None
    return (
        f"store {store_path()}, models {models_dir()}, articles {out_dir()} "
        f"(--store/--models/--out or {STORE_ENV}/{MODELS_ENV}/{OUT_ENV} choose others)"
    )
