"""Translator aids: the user spelling dictionary, store settings, and learned corrections."""

from __future__ import annotations

from typing import Annotated

import typer

from workbench.cli.options import (
    JsonOption,
    ReviewerOption,
    StoreOption,
    open_store,
    reviewer_name,
)
from workbench.cli.output import info, print_json, table

dictionary_app = typer.Typer(help="Words the spelling check accepts.", no_args_is_help=True)
learn_app = typer.Typer(help="Corrections learned from reviewers.", invoke_without_command=True)


@dictionary_app.command("add")
def dictionary_add(
    words: Annotated[list[str], typer.Argument(help="Words to accept as correctly spelt.")],
    reviewer: ReviewerOption = None,
    store: StoreOption = None,
) -> None:
    """Add words to the store's spelling dictionary and re-check flagged targets.

    Example: workbench dictionary add Vinh Phuc Kieu
    """
    from workbench.quality.checks import accept_words

    with open_store(store) as opened:
        added = accept_words(opened, words, reviewer_name(reviewer))
    info(f"added {added} new words to the dictionary")


@dictionary_app.command("list")
def dictionary_list(store: StoreOption = None, json_output: JsonOption = False) -> None:
    """List the store's spelling dictionary, alphabetically.

    Example: workbench dictionary list --json
    """
    from workbench.quality.spelling import DICTIONARY_ENV, dictionaries_installed, dictionary_dir

    with open_store(store, create=False) as opened:
        words = opened.dictionary.words()
    if not dictionaries_installed():
        info(
            f"note: no en_US/en_GB Hunspell dictionaries in {dictionary_dir()} ({DICTIONARY_ENV}); "
            f"spelling is not checked (unset {DICTIONARY_ENV} to use the packaged dictionaries)"
        )
    if json_output:
        print_json(words)
    else:
        for word in words:
            typer.echo(word)


def settings(
    key: Annotated[str | None, typer.Argument(help="Setting to show or change.")] = None,
    value: Annotated[str | None, typer.Argument(help="New value for the setting.")] = None,
    reviewer: ReviewerOption = None,
    store: StoreOption = None,
    json_output: JsonOption = False,
) -> None:
    """Show the store's settings, or set one (spelling-variant any|en-GB|en-US, propagate on|off,
    completion on|off).

    Example: workbench settings spelling-variant en-GB
    """
    from workbench.settings import SETTINGS, get_setting, require_setting, set_setting

    shown = [key] if key else list(SETTINGS)
    for name in shown:
        require_setting(name)
    with open_store(store) as opened:
        if key is not None and value is not None:
            set_setting(opened, key, value, reviewer_name(reviewer))
        rows = {name: get_setting(opened, name) for name in shown}
    if json_output:
        print_json(rows)
    else:
        table(
            ["setting", "value", "choices", "what it does"],
            [
                [name, v, "|".join(SETTINGS[name].choices), SETTINGS[name].help]
                for name, v in rows.items()
            ],
        )


MinCountOption = Annotated[
    int, typer.Option("--min-count", help="Show substitutions made in at least N segments.")
]


@learn_app.callback()
def learn(
    ctx: typer.Context,
    min_count: MinCountOption = 2,
    store: StoreOption = None,
    json_output: JsonOption = False,
) -> None:
    """List corrections reviewers keep making (MT → approved), with their evidence.

    Example: workbench learn --min-count 3 --json
    """
    if ctx.invoked_subcommand is not None:
        return
    from workbench.translate.learn import mine

    with open_store(store, create=False) as opened:
        candidates = mine(opened, min_count=min_count)
    if json_output:
        print_json(
            [
                {
                    "id": c.id,
                    "before": c.before,
                    "after": c.after,
                    "count": c.count,
                    "missed": c.missed,
                    "segments": list(c.segment_ids),
                    "source_term": c.source_term,
                }
                for c in candidates
            ]
        )
        return
    table(
        ["id", "MT wrote", "reviewers wrote", "made", "not made", "source word", "segments"],
        [
            [
                c.id,
                c.before,
                c.after,
                c.count,
                c.missed,
                c.source_term or "",
                ",".join(map(str, c.segment_ids[:8])) + ("…" if c.count > 8 else ""),
            ]
            for c in candidates
        ],
    )


@learn_app.command("accept")
def learn_accept(
    candidate: Annotated[str, typer.Argument(help="Candidate id from `workbench learn`.")],
    glossary: Annotated[
        bool, typer.Option("--glossary", help="Add a glossary term instead of a post-edit rule.")
    ] = False,
    reviewer: ReviewerOption = None,
    store: StoreOption = None,
) -> None:
    """Apply a learned correction to new MT output, as a post-edit rule or a glossary term.

    Example: workbench learn accept 3f9a12c0
    """
    from workbench.translate.learn import accept

    with open_store(store, create=False) as opened:
        found = accept(opened, candidate, reviewer_name(reviewer), as_glossary=glossary)
    kind = f"glossary term {found.source_term} → {found.after}" if glossary else "post-edit rule"
    info(f"accepted {found.id} ({found.before} → {found.after}) as a {kind}")


@learn_app.command("reject")
def learn_reject(
    candidate: Annotated[str, typer.Argument(help="Candidate id from `workbench learn`.")],
    reviewer: ReviewerOption = None,
    store: StoreOption = None,
) -> None:
    """Reject a learned correction so it is not proposed again.

    Example: workbench learn reject 3f9a12c0
    """
    from workbench.translate.learn import reject

    with open_store(store, create=False) as opened:
        found = reject(opened, candidate, reviewer_name(reviewer))
    info(f"rejected {found.id} ({found.before} → {found.after})")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.add_typer(dictionary_app, name="dictionary")
    app.command()(settings)
    app.add_typer(learn_app, name="learn")
