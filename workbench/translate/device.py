"""Where the model runs: `--device auto|cpu|cuda` resolved to a CTranslate2 device and compute type.

Only asks CTranslate2 how many CUDA devices it sees; never loads a model.
"""

from __future__ import annotations

import enum

from workbench.errors import ModelError

DEVICE_ENV = "WORKBENCH_DEVICE"
CPU_COMPUTE_TYPE = "int8"
# Preferred first: int8 weights with float16 activations keep a package's int8 size on the GPU.
CUDA_COMPUTE_TYPES = ("int8_float16", "float16", "float32")


class Device(enum.StrEnum):
    """What the user asked for."""

    AUTO = "auto"
    CPU = "cpu"
    CUDA = "cuda"


def cuda_device_count() -> int:
    """CUDA GPUs CTranslate2 can use (0 without a GPU or a CUDA build)."""
    import ctranslate2

    return int(ctranslate2.get_cuda_device_count())


def resolve_device(requested: Device | str) -> tuple[str, str]:
    """The (device, compute type) to load a model with; `ModelError` if `cuda` has no GPU."""
    requested = Device(requested)
    if requested is Device.CPU:
        return "cpu", CPU_COMPUTE_TYPE
    if cuda_device_count() == 0:
        if requested is Device.CUDA:
            raise ModelError(
                "--device cuda: CTranslate2 finds no CUDA GPU on this machine",
                hint="use --device cpu, or auto to pick the GPU when there is one",
            )
        return "cpu", CPU_COMPUTE_TYPE
    import ctranslate2

    supported = ctranslate2.get_supported_compute_types("cuda")
    return "cuda", next((t for t in CUDA_COMPUTE_TYPES if t in supported), "float32")
