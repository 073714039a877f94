"""The one exception hierarchy: every user-facing failure is a `WorkbenchError`.

The CLI turns these into one stderr line and exit code 2; anything else is a bug.
"""

from __future__ import annotations


class WorkbenchError(Exception):
    """A failure the user can act on: a message and, optionally, what to do about it."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InputError(WorkbenchError):
    """A file, argument or document the workbench cannot take."""


class StoreError(WorkbenchError):
    """The SQLite store cannot be opened, migrated or written."""


class ConflictError(StoreError):
    """Someone else changed a segment since the caller read it."""


class ModelError(WorkbenchError):
    """A translation model is missing, broken or cannot be installed."""


class ExportError(WorkbenchError):
    """An export or import file cannot be written or read."""


class AlreadyInTargetLanguage(InputError):
    """An input already written in the target language: nothing to translate (a batch of
    several inputs skips it)."""
