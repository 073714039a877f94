"""The command table: each top-level command, the module that defines it, and its summary.

Only the command that runs is imported and built (Typer builds a command by evaluating its
type hints, and the command modules import the store and options), so every command starts
at the cost of its own module; `workbench --help` lists the summaries kept here.
tests/cli/test_command_table.py checks this table against the commands themselves.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator, Mapping
from typing import Any

import typer
from typer.core import TyperGroup
from typer.main import get_command_name, get_group

from workbench.cli.values import read_plainly

# name → (module in workbench.cli, the first paragraph of its help), in the order `--help`
# lists them: commands, then groups.
COMMANDS: dict[str, tuple[str, str]] = {
    "ingest": (
        "documents",
        "Read articles into the store: paragraphs, boilerplate, languages, sentences.",
    ),
    "documents": ("documents", "List stored documents with language pair and review progress."),
    "segments": (
        "documents",
        "Show a document's segments with kind, language, status and current target.",
    ),
    "stats": (
        "documents",
        "Counts by status and post-editing effort (HTER, chrF, edit distance) per reviewer.",
    ),
    "translate": (
        "mt",
        "Translate stored documents, or ingest and translate files and folders; resumable.",
    ),
    "run": (
        "mt",
        "The main job: ingest, segment and translate articles, then write the English articles.",
    ),
    "review": ("review", "Open the review TUI: correct, approve and reject translations."),
    "approve": (
        "review",
        "Approve the current targets of some segments, as the TUI would, in one transaction.",
    ),
    "export": (
        "corpus",
        "Export approved bilingual units as TMX, XLIFF, TSV, Moses or JSONL (atomic write).",
    ),
    "align": (
        "align",
        "Align a document with an existing translation into sentence beads (n:m).",
    ),
    "qa": (
        "qa",
        "Re-check stored targets against the glossary as it is now and list their QA flags,"
        " or check an external TSV without changing the store.",
    ),
    "render": (
        "render",
        "Write the translated article, rebuilt from the current targets (atomic write).",
    ),
    "search": (
        "search",
        "List stored segments and memory entries containing TEXT, with translation and document.",
    ),
    "lookup": (
        "search",
        "Show a source word's glossary entries, concordance hits and FreeDict dictionary entries.",
    ),
    "settings": (
        "assist",
        "Show the store's settings, or set one (spelling-variant any|en-GB|en-US,"
        " propagate on|off, completion on|off).",
    ),
    "serve": (
        "serve",
        "Serve the review app to browsers (one app process per tab), behind a login screen.",
    ),
    "models": ("mt", "Install, list and remove Argos model packages."),
    "tm": ("corpus", "The translation memory."),
    "glossary": ("corpus", "Terms that must be translated one way."),
    "store": ("admin", "Back up and check the store."),
    "dictionary": ("assist", "Words the spelling check accepts."),
    "learn": ("assist", "Corrections learned from reviewers."),
    "users": ("users", "Reviewer accounts for `workbench serve`."),
}


def build(name: str, settings: dict[str, Any]) -> Any:
    """The Click command `name`, built alone from its module's registrations.

    `settings` are the top-level Typer's (help markup, exceptions), which Typer hands down to
    the commands it builds.
    """
    module = importlib.import_module(f"workbench.cli.{COMMANDS[name][0]}")
    commands = typer.Typer(**settings)
    module.register(commands)
    commands.registered_commands = [
        info
        for info in commands.registered_commands
        if (info.name or get_command_name(info.callback.__name__)) == name  # type: ignore[union-attr]
    ]
    commands.registered_groups = [g for g in commands.registered_groups if g.name == name]
    for group in commands.registered_groups:
        if not isinstance(group.cls, type):  # no class of its own: as `add_typer(cls=…)` would
            group.cls = SummaryGroup
    return read_plainly(get_group(commands).commands[name])


class SummaryGroup(TyperGroup):
    """A command group whose help lists each command's whole summary, wrapped, never cut."""

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        # Click cuts a summary to what fits one line of an 80-column help, ending in "...";
        # `write_dl` wraps the whole one under its column instead.
        rows = [
            (name, command.get_short_help_str(limit=sys.maxsize))
            for name in self.list_commands(ctx)
            if (command := self.get_command(ctx, name)) is not None and not command.hidden
        ]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


class LazyCommands(Mapping[str, Any]):
    """The group's commands by name; each is imported and built when first looked up."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self._settings = settings
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            self._built[name] = build(name, self._settings)
        return self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)


class LazyGroup(TyperGroup):
    """A Typer group whose commands come from `COMMANDS`, built on first use.

    Its help lists the summaries from the table, whole, without importing a command.
    """

    settings: dict[str, Any] = {}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        read_plainly(self)
        self.commands = LazyCommands(self.settings)  # type: ignore[assignment]

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, summary) for name, (_, summary) in COMMANDS.items()])
