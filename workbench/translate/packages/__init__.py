"""Argos `.argosmodel` packages: the index, download, checked install, listing and removal.

Argos's archive layout, metadata.json and index JSON, but only in the caller's models folder
(never $HOME); archives are checked before extraction (`archive`) and replace a package only once
valid, in swaps a crash cannot leave half-done (`folder`). This module is the stage's one way in.
"""

from workbench.translate.packages.folder import recover
from workbench.translate.packages.index import (
    DEFAULT_INDEX_URL,
    INDEX_URL_ENV,
    ProgressCallback,
    download_package,
    fetch_index,
    index_url,
    install_from_index,
)
from workbench.translate.packages.installed import (
    find_installed,
    install_from_file,
    list_installed,
    read_package,
    remove_installed,
)
from workbench.translate.packages.metadata import REQUIRED_FILES, AvailablePackage, InstalledPackage

__all__ = [
    "DEFAULT_INDEX_URL",
    "INDEX_URL_ENV",
    "REQUIRED_FILES",
    "AvailablePackage",
    "InstalledPackage",
    "ProgressCallback",
    "download_package",
    "fetch_index",
    "find_installed",
    "index_url",
    "install_from_file",
    "install_from_index",
    "list_installed",
    "read_package",
    "recover",
    "remove_installed",
]
