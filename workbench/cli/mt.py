"""Commands about machine translation: models …, translate, run (the main job)."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from workbench import paths
from workbench.cli.inputs import exit_if_skipped, read_inputs
from workbench.cli.options import (
    DeviceOption,
    JsonOption,
    ModelsOption,
    OutOption,
    SourceLangOption,
    StoreOption,
    TargetLangOption,
    open_store,
)
from workbench.cli.output import info, plural, print_json, progress, table
from workbench.errors import ModelError
from workbench.translate.device import Device, resolve_device

if TYPE_CHECKING:
    from workbench.pipeline import DocumentRun

models_app = typer.Typer(
    help="Install, list and remove Argos model packages.", no_args_is_help=True
)


@models_app.command("list")
def models_list(models: ModelsOption = None, as_json: JsonOption = False) -> None:
    """List installed packages: languages, version, size, path.

    Example: workbench models list --json
    """
    from workbench.translate.packages import list_installed

    installed = list_installed(paths.models_dir(models))
    if as_json:
        print_json([_package_json(p) for p in installed])
        return
    if not installed:
        info(f"no packages installed in {paths.models_dir(models)}")
    table(
        ["pair", "version", "size MB", "path"],
        [
            (f"{p.from_code}→{p.to_code}", p.package_version, f"{p.size_bytes / 1e6:.1f}", p.path)
            for p in installed
        ],
    )


@models_app.command("available")
def models_available(as_json: JsonOption = False) -> None:
    """List packages in the Argos package index (needs the network).

    Example: workbench models available --json
    """
    from workbench.translate.packages import fetch_index

    available = fetch_index()
    if as_json:
        print_json([_package_json(p) for p in available])
        return
    table(
        ["pair", "version", "code"],
        [(f"{p.from_code}→{p.to_code}", p.package_version, p.code) for p in available],
    )


@models_app.command("install")
def models_install(
    what: Annotated[
        list[str], typer.Argument(help="FROM TO (from the index) or PATH.argosmodel (offline).")
    ],
    models: ModelsOption = None,
) -> None:
    """Install a package from the index (`sv en`) or from a local .argosmodel file.

    Example: workbench models install sv en
    """
    from workbench.translate.packages import install_from_file

    target = paths.models_dir(models)
    if len(what) == 1:
        installed = install_from_file(Path(what[0]), target)
    elif len(what) == 2:
        installed = _install_from_index(what[0], what[1], target)
    else:
        raise typer.BadParameter("give FROM TO, or one PATH.argosmodel")
    info(
        f"installed {installed.from_code}→{installed.to_code} {installed.package_version} "
        f"in {installed.path}"
    )


@models_app.command("remove")
def models_remove(
    from_code: Annotated[str, typer.Argument(help="Source language code.")],
    to_code: Annotated[str, typer.Argument(help="Target language code.")],
    models: ModelsOption = None,
) -> None:
    """Remove an installed package.

    Example: workbench models remove sv en
    """
    from workbench.translate.packages import remove_installed

    removed = remove_installed(paths.models_dir(models), from_code, to_code)
    info(f"removed {removed.from_code}→{removed.to_code} from {removed.path}")


def _install_from_index(from_code: str, to_code: str, models_dir: Path):  # type: ignore[no-untyped-def]
    from workbench.translate.packages import install_from_index

    with progress(f"downloading {from_code}→{to_code}") as update:
        return install_from_index(
            from_code, to_code, models_dir, on_progress=lambda done, total: update(done, total or 0)
        )


def _package_json(package) -> dict:  # type: ignore[no-untyped-def]
    return {k: str(v) if isinstance(v, Path) else v for k, v in asdict(package).items()}


def translate(
    inputs: Annotated[
        list[str], typer.Argument(help="Document ids, or files/directories to ingest first.")
    ],
    jobs: Annotated[int, typer.Option("--jobs", min=1, help="Batches translated in parallel.")] = 1,
    device: DeviceOption = Device.AUTO,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Also write each article to DIR/<stem>.en<ext>.", show_default=False
        ),
    ] = None,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            metavar="ADDRESS",
            help="Translate on Ray: `local` starts an instance here; `auto` or "
            "ray://host:10001 joins a running cluster (needs the `cluster` extra).",
        ),
    ] = None,
    actors: Annotated[
        int, typer.Option("--actors", min=1, help="Ray actors, each holding one model copy.")
    ] = 2,
    source_lang: SourceLangOption = None,
    target_lang: TargetLangOption = "en",
    store: StoreOption = None,
    models: ModelsOption = None,
    as_json: JsonOption = False,
) -> None:
    """Translate stored documents, or ingest and translate files and folders; resumable.

    Example: workbench translate articles/ --jobs 2
    """
    from workbench.ingest.stage import as_document_id
    from workbench.pipeline import run

    if device is Device.CUDA:
        resolve_device(device)  # before anything is stored
    if cluster is not None:
        _translate_on_cluster(
            inputs, cluster, actors, device, source_lang, target_lang, store, models, as_json
        )
        return

    document_ids = [i for i in map(as_document_id, inputs) if i is not None]
    files = [name for name in inputs if as_document_id(name) is None]
    prepared, skipped = read_inputs(files, source_lang, target_lang)
    started = time.perf_counter()
    with open_store(store) as opened, progress("translating") as update:
        runs = run(
            opened,
            prepared,
            paths.models_dir(models),
            stored_ids=document_ids,
            target_lang=target_lang,
            jobs=jobs,
            device=device,
            on_document=lambda n, total, name: update(0, 0, f"storing {n}/{total} {name}"),
            on_progress=update,
            out_dir=out,
        )
    _report(runs, time.perf_counter() - started, as_json)
    exit_if_skipped(skipped)


def _translate_on_cluster(
    inputs: list[str],
    address: str,
    actors: int,
    device: Device,
    source_lang: str | None,
    target_lang: str,
    store: Path | None,
    models: Path | None,
    as_json: bool,
) -> None:
    from workbench.ingest.stage import as_document_id
    from workbench.pipeline import run
    from workbench.translate.cluster import require_ray, translate_on_cluster

    require_ray()
    files = [name for name in inputs if as_document_id(name) is None]
    prepared, skipped = read_inputs(files, source_lang, target_lang)
    started = time.perf_counter()
    with open_store(store) as opened:
        document_ids = [i for i in map(as_document_id, inputs) if i is not None]
        stored = run(opened, prepared, None, stored_ids=document_ids, target_lang=target_lang)
        with progress(f"translating on Ray ({address})") as update:
            results = translate_on_cluster(
                opened,
                [item.document.id for item in stored],
                paths.models_dir(models),
                address=address,
                actors=actors,
                device=device,
                on_progress=update,
            )
    by_id = {result.document_id: result for result in results}
    _report(
        [replace(item, translate=by_id.get(item.document.id)) for item in stored],
        time.perf_counter() - started,
        as_json,
    )
    exit_if_skipped(skipped)


def run_command(
    files: Annotated[
        list[str], typer.Argument(help="Article files (.txt, .md, .html, .docx, .odt, .srt) or -.")
    ],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Install a missing model without asking.")
    ] = False,
    device: DeviceOption = Device.AUTO,
    out: OutOption = None,
    source_lang: SourceLangOption = None,
    target_lang: TargetLangOption = "en",
    store: StoreOption = None,
    models: ModelsOption = None,
    as_json: JsonOption = False,
) -> None:
    """The main job: ingest, segment and translate articles, then write the English articles.

    Example: workbench run seeds/004_a5e45da3f1913b04.txt --yes
    """
    from workbench.pipeline import missing_pairs, run

    started = time.perf_counter()
    prepared, skipped = read_inputs(files, source_lang, target_lang)
    models_dir = paths.models_dir(models)
    if device is Device.CUDA:
        resolve_device(device)  # before any download or progress bar
    for source, target in missing_pairs(prepared, models_dir, target_lang):
        _offer_install(source, target, models_dir, yes)
    out_dir = paths.out_dir(out)
    with open_store(store) as opened, progress("translating") as update:
        runs = run(
            opened,
            prepared,
            models_dir,
            target_lang=target_lang,
            device=device,
            on_document=lambda n, total, name: update(0, 0, f"storing {n}/{total} {name}"),
            on_progress=update,
            out_dir=out_dir,
        )
    for item in runs:
        assert item.ingest is not None  # run stores every file it is given
        state = "stored" if item.ingest.added else "already stored"
        info(
            f"document {item.document.id} {state}: {plural(item.ingest.segments, 'segment')}, "
            f"{item.ingest.translatable} translatable ({item.document.path})"
        )
    _report(runs, time.perf_counter() - started, as_json, out_dir=out_dir)
    exit_if_skipped(skipped)


def _offer_install(source: str, target: str, models_dir: Path, yes: bool) -> None:
    """Install a missing pair from the index if the network allows and the user agrees."""
    from workbench.translate.packages import find_installed

    try:
        find_installed(models_dir, source, target)
    except ModelError as missing:
        from workbench.translate.packages import fetch_index

        try:
            offered = [p for p in fetch_index() if (p.from_code, p.to_code) == (source, target)]
        except ModelError as unreachable:
            raise ModelError(
                f"{missing.message}, and the package index could not be reached "
                f"({unreachable.message})",
                hint=missing.hint,
            ) from None
        if not offered:
            raise missing from None
        if not yes and not (
            sys.stdin.isatty()
            and typer.confirm(
                f"No {source}→{target} model installed. Download it from the Argos index now?"
            )
        ):
            raise ModelError(
                f"no {source}→{target} model installed", hint="rerun with --yes to install it"
            ) from None
        _install_from_index(source, target, models_dir)


def _report(
    runs: Sequence[DocumentRun], seconds: float, as_json: bool, *, out_dir: Path | None = None
) -> None:
    """The translation summary, then (given `run`'s `out_dir`) what to do next with these
    documents; the articles written are the last lines, one path each, on stdout."""
    results = [item.translate for item in runs if item.translate is not None]
    articles = [item.article for item in runs if item.article is not None]
    machine = sum(r.machine for r in results)
    memory = sum(r.memory for r in results)
    done = sum(r.already_done for r in results)
    if as_json:
        print_json(
            {
                "documents": [asdict(r) for r in results],
                "machine": machine,
                "memory": memory,
                "already_done": done,
                "seconds": round(seconds, 3),
                "articles": [str(path) for path in articles],
            }
        )
        return
    if machine == memory == 0:
        info(
            f"nothing to translate: {plural(done, 'segment')} already "
            f"{'has' if done == 1 else 'have'} a target"
        )
    else:
        flagged = sum(r.flagged for r in results)
        info(
            f"translated {plural(machine, 'segment')} by MT and {memory} from memory "
            f"in {seconds:.1f} s ({done} already done, {flagged} with QA flags)"
        )
    if out_dir is not None:
        info(_next_hint(runs, out_dir))
    for path in articles:
        typer.echo(str(path))


def _next_hint(runs: Sequence[DocumentRun], out_dir: Path) -> str:
    ids = list(dict.fromkeys(str(item.document.id) for item in runs))
    review = f"workbench review {ids[0]}" if len(ids) == 1 else "workbench review"
    render = f"workbench render {' '.join(ids)} -o {out_dir}"
    articles = "article" if len(ids) == 1 else "articles"
    return f"next: {review}; after review, `{render}` writes the reviewed {articles}"


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.add_typer(models_app, name="models")
    app.command()(translate)
    app.command("run")(run_command)
