"""Where the store and the model packages live, resolved at call time.

Precedence: an explicit argument (the CLI flag), then the environment (`WORKBENCH_STORE`,
`WORKBENCH_MODELS`, `WORKBENCH_OUT`), then the project folders. Nothing is created here.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

STORE_ENV = "WORKBENCH_STORE"
MODELS_ENV = "WORKBENCH_MODELS"
OUT_ENV = "WORKBENCH_OUT"
CACHE_ENV = "WORKBENCH_CACHE"


def project_root() -> Path:
    """The checkout this package sits in (the parent of `workbench/`)."""
    return Path(__file__).resolve().parent.parent


def store_path(explicit: str | Path | None = None) -> Path:
    """The SQLite file to use."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(STORE_ENV)
    if from_env:
        return Path(from_env)
    return project_root() / "store" / "workbench.db"


def models_dir(explicit: str | Path | None = None) -> Path:
    """The folder holding installed Argos packages."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(MODELS_ENV)
    if from_env:
        return Path(from_env)
    return project_root() / "models"


def out_dir(explicit: str | Path | None = None) -> Path:
    """The folder `workbench run` writes translated articles into (git-ignored `out/`)."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(OUT_ENV)
    if from_env:
        return Path(from_env)
    return project_root() / "out"


def cache_dir() -> Path:
    """Where compiled caches live (`WORKBENCH_CACHE`, else the platform's user cache folder)."""
    from_env = os.environ.get(CACHE_ENV)
    if from_env:
        return Path(from_env)
    return Path(platformdirs.user_cache_dir("workbench", appauthor=False))
