"""Commands about machine translation: models …, translate, run (the main job)."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from workbench import paths
from workbench.cli.options import (
    DeviceOption,
    JsonOption,
    ModelsOption,
    SourceLangOption,
    StoreOption,
    TargetLangOption,
    open_store,
)
from workbench.cli.output import info, plural, print_json, progress, table
from workbench.errors import ModelError
from workbench.translate.device import Device, resolve_device

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
    from workbench.pipeline import prepare_inputs, run, write_article
    from workbench.translate.stage import EngineProvider, translate_documents

    if device is Device.CUDA:
        resolve_device(device)  # before anything is stored
    if cluster is not None:
        _translate_on_cluster(
            inputs, cluster, actors, device, source_lang, target_lang, store, models, as_json
        )
        return

    document_ids = [i for i in map(as_document_id, inputs) if i is not None]
    files = [name for name in inputs if as_document_id(name) is None]
    prepared = (
        prepare_inputs(
            files, source_lang=source_lang, target_lang=target_lang, stdin=sys.stdin.buffer
        )
        if files
        else []
    )
    models_dir = paths.models_dir(models)
    started = time.perf_counter()
    with open_store(store) as opened:
        documents = [opened.documents.get(i) for i in document_ids]
        pairs = {(d.source_lang, d.target_lang) for d in documents}
        pairs |= {(p.lang, target_lang) for p in prepared}
        providers = {
            pair: EngineProvider(models_dir, *pair, jobs=jobs, device=device)
            for pair in sorted(pairs)
        }
        for provider in providers.values():
            provider.check()
        with progress("translating") as update:
            ingested = run(
                opened,
                prepared,
                None,
                target_lang=target_lang,
                on_document=lambda n, total, name: update(0, 0, f"storing {n}/{total} {name}"),
            )
            documents += [r.ingest.document for r in ingested]
            # All documents of a pair go through the engine together, batched across documents.
            by_pair: dict[tuple[str, str], list[int]] = {}
            for document in documents:
                key = (document.source_lang, document.target_lang)
                by_pair.setdefault(key, []).append(document.id)
            update(0, 0, "translating")
            results = [
                result
                for pair, ids in by_pair.items()
                for result in translate_documents(opened, ids, providers[pair], on_progress=update)
            ]
        articles = [write_article(opened, d.id, out) for d in documents] if out else []
    _report(results, time.perf_counter() - started, as_json, articles)


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
    from workbench.pipeline import prepare_inputs, run
    from workbench.translate.cluster import require_ray, translate_on_cluster

    require_ray()
    files = [name for name in inputs if as_document_id(name) is None]
    prepared = prepare_inputs(
        files, source_lang=source_lang, target_lang=target_lang, stdin=sys.stdin.buffer
    )
    started = time.perf_counter()
    with open_store(store) as opened:
        document_ids = [i for i in map(as_document_id, inputs) if i is not None]
        for document_id in document_ids:
            opened.documents.get(document_id)
        document_ids += [r.ingest.document.id for r in run(opened, prepared, None)]
        with progress(f"translating on Ray ({address})") as update:
            results = translate_on_cluster(
                opened,
                document_ids,
                paths.models_dir(models),
                address=address,
                actors=actors,
                device=device,
                on_progress=update,
            )
    _report(results, time.perf_counter() - started, as_json)


def run_command(
    files: Annotated[
        list[str], typer.Argument(help="Article files (.txt, .md, .html, .docx, .odt, .srt) or -.")
    ],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Install a missing model without asking.")
    ] = False,
    device: DeviceOption = Device.AUTO,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            envvar=paths.OUT_ENV,
            help="Folder for the English articles, DIR/<stem>.en<ext> [default: out/]",
            show_default=False,
        ),
    ] = None,
    source_lang: SourceLangOption = None,
    target_lang: TargetLangOption = "en",
    store: StoreOption = None,
    models: ModelsOption = None,
    as_json: JsonOption = False,
) -> None:
    """The main job: ingest, segment and translate articles, then write the English articles.

    Example: workbench run seeds/004_a5e45da3f1913b04.txt --yes
    """
    from workbench.pipeline import missing_pairs, prepare_inputs, run

    started = time.perf_counter()
    prepared = prepare_inputs(
        files, source_lang=source_lang, target_lang=target_lang, stdin=sys.stdin.buffer
    )
    models_dir = paths.models_dir(models)
    if device is Device.CUDA:
        resolve_device(device)  # before any download or progress bar
    for source, target in missing_pairs(prepared, models_dir, target_lang):
        _offer_install(source, target, models_dir, yes)
    with open_store(store) as opened, progress("translating") as update:
        runs = run(
            opened,
            prepared,
            models_dir,
            target_lang=target_lang,
            device=device,
            on_document=lambda n, total, name: update(0, 0, f"{n}/{total} {name}"),
            on_progress=update,
            out_dir=paths.out_dir(out),
        )
    for item in runs:
        doc = item.ingest.document
        state = "stored" if item.ingest.added else "already stored"
        info(
            f"document {doc.id} {state}: {plural(item.ingest.segments, 'segment')}, "
            f"{item.ingest.translatable} translatable ({doc.path})"
        )
    articles = [r.article for r in runs if r.article is not None]
    if not as_json:
        info("next: workbench review; after review, `workbench render DOC` rewrites the article")
    _report(
        [r.translate for r in runs if r.translate], time.perf_counter() - started, as_json, articles
    )


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


def _report(results: list, seconds: float, as_json: bool, articles: Sequence[Path] = ()) -> None:
    """The translation summary; the articles written are the last lines, one path each."""
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
    for path in articles:
        typer.echo(str(path))


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.add_typer(models_app, name="models")
    app.command()(translate)
    app.command("run")(run_command)
