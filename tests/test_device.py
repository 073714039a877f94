"""`--device`: CPU paths and the clean failure of `cuda` on a machine without a GPU."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import SWEDISH_SEED
from workbench.errors import ModelError
from workbench.store import Store
from workbench.translate.device import cuda_device_count, resolve_device
from workbench.translate.engine import Engine
from workbench.translate.packages import find_installed

needs_no_gpu = pytest.mark.skipif(cuda_device_count() > 0, reason="this machine has a CUDA GPU")


def test_cpu_is_int8() -> None:
    assert resolve_device("cpu") == ("cpu", "int8")


@needs_no_gpu
def test_auto_without_gpu_is_cpu() -> None:
    assert resolve_device("auto") == ("cpu", "int8")


@needs_no_gpu
def test_cuda_without_gpu_is_a_model_error() -> None:
    with pytest.raises(ModelError, match="no CUDA GPU"):
        resolve_device("cuda")


def test_signature_names_device_and_compute_type(install_model: Callable[[str], Path]) -> None:
    engine = Engine.load(find_installed(install_model("copy"), "sv", "en"), device="auto")
    device, compute_type = resolve_device("auto")
    assert engine.signature.endswith(f"|device={device}|compute={compute_type}")


def test_translate_with_device_cpu_records_it(  # type: ignore[no-untyped-def]
    invoke, install_model: Callable[[str], Path], store_path: Path
) -> None:
    install_model("marker")
    result = invoke("translate", str(SWEDISH_SEED), "--device", "cpu")
    assert result.exit_code == 0, result.stderr
    with Store.open(store_path) as store:
        [segment, *_] = store.documents.segments(1, translatable_only=True)
        assert "|device=cpu|compute=int8" in (store.reviews.history(segment.id)[0].signature or "")


@needs_no_gpu
@pytest.mark.parametrize("command", ["translate", "run"])
def test_cuda_without_gpu_is_one_line_and_stores_nothing(  # type: ignore[no-untyped-def]
    invoke, install_model: Callable[[str], Path], store_path: Path, command: str
) -> None:
    install_model("marker")
    result = invoke(command, str(SWEDISH_SEED), "--device", "cuda")
    assert result.exit_code == 2
    assert result.stderr.startswith("workbench: error: --device cuda:")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not store_path.exists() or Store.open(store_path).documents.summaries() == []


@needs_no_gpu
def test_device_from_environment(  # type: ignore[no-untyped-def]
    invoke, install_model: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    install_model("marker")
    monkeypatch.setenv("WORKBENCH_DEVICE", "cuda")
    result = invoke("translate", str(SWEDISH_SEED))
    assert result.exit_code == 2 and "--device cuda" in result.stderr


def test_unknown_device_is_refused(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("translate", "1", "--device", "tpu")
    assert result.exit_code == 2
