"""Builds the test `.argosmodel`: a real sentencepiece + CTranslate2 package made from nothing.

The tokenizer is trained on the text below and the Transformer's weights are set from numpy so
that decoder step t copies source piece t. No downloads, no torch; same bytes on every run.
"""

from __future__ import annotations

import argparse
import contextlib
import enum
import io
import json
import stat
import sys
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import sentencepiece as spm

from workbench.errors import InputError
from workbench.translate.fixture_corpus import ENGLISH, SWEDISH


class Variant(enum.StrEnum):
    """What the fixture model does to a sentence."""

    COPY = "copy"  # returns the input (after sentencepiece normalisation)
    MARKER = "marker"  # prefixes MARKER, so a test can prove a segment went through MT
    SUBST = "subst"  # copies, but swaps the words of SUBSTITUTIONS
    BASE = "base"  # copies at Transformer-base size (6+6 layers, 512 wide), for the benchmark


MARKER = "[en] "
# Whole sentencepiece pieces swapped in both directions (a permutation of the output
# projection); a word that is split into several pieces, or inflected ("katten"), is untouched.
SUBSTITUTIONS: tuple[tuple[str, str], ...] = (
    ("Hej", "Hello"),
    ("och", "and"),
    ("katt", "cat"),
    ("hund", "dog"),
)
PACKAGE_VERSION = "1.0"
_ARCHIVE_DATE = (1980, 1, 1, 0, 0, 0)
_SEED = 20240511


@dataclass(frozen=True, slots=True)
class _Shape:
    d_model: int
    heads: int
    ffn: int
    layers: int
    d_position: int  # trailing dimensions that carry the position code; the rest carry the piece
    positions: int
    vocabulary: int  # 0: exactly the sentencepiece pieces; more: padded with unused entries
    noise: float  # norm each random sublayer adds to the residual stream (0: exact pass-through)


_SMALL = _Shape(96, 1, 192, 1, 48, 1024, 0, 0.0)
_BASE = _Shape(512, 8, 2048, 6, 64, 1024, 32000, 0.02)
_LOGIT_GAP = 40.0  # attention and output logits separate the right choice by at least this


def build_fixture_package(out: Path, *, variant: str = "copy") -> Path:
    """Write the fixture `.argosmodel` for `variant` to `out` and return `out`."""
    chosen = _variant(variant)
    sentencepiece_model = _train_sentencepiece()
    with tempfile.TemporaryDirectory(prefix="workbench-fixture-") as work:
        model_dir = Path(work) / "model"
        _write_ctranslate2_model(model_dir, sentencepiece_model, chosen)
        members = {
            "metadata.json": _metadata(chosen),
            "README.md": _readme(chosen),
            "sentencepiece.model": sentencepiece_model,
        }
        members.update(
            {f"model/{path.name}": path.read_bytes() for path in sorted(model_dir.iterdir())}
        )
    _write_zip(out, f"translate-sv_en-{PACKAGE_VERSION.replace('.', '_')}", members)
    return out


def _variant(name: str) -> Variant:
    try:
        return Variant(name)
    except ValueError:
        choices = ", ".join(v.value for v in Variant)
        raise InputError(f"unknown fixture variant {name!r} (choose one of {choices})") from None


def _train_sentencepiece() -> bytes:
    lines = [line for line in (SWEDISH + ENGLISH).splitlines() if line.strip()]
    spm.set_random_generator_seed(_SEED)
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        model_type="unigram",
        vocab_size=1000,
        hard_vocab_limit=False,
        character_coverage=1.0,
        byte_fallback=True,
        split_digits=True,
        num_threads=1,
        minloglevel=2,
    )
    return model.getvalue()


@contextlib.contextmanager
def _torch_hidden() -> Iterator[None]:
    # ctranslate2.specs imports torch at module level when it is installed, but the builder
    # only hands it numpy arrays: make that import fail, then undo.
    if "torch" in sys.modules:
        yield
        return
    sys.modules["torch"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        del sys.modules["torch"]


def _write_ctranslate2_model(model_dir: Path, sentencepiece_model: bytes, variant: Variant) -> None:
    with _torch_hidden():
        from ctranslate2.specs import transformer_spec

    processor = spm.SentencePieceProcessor(model_proto=sentencepiece_model)
    piece_count = processor.get_piece_size()
    pieces = [processor.id_to_piece(i) for i in range(piece_count)]
    shape = _BASE if variant is Variant.BASE else _SMALL
    if shape.vocabulary > len(pieces):
        pieces += [f"<unused{i}>" for i in range(shape.vocabulary - len(pieces))]
    marker_ids = _piece_ids(processor, MARKER.strip()) if variant is Variant.MARKER else []
    swaps = _substitution_ids(processor) if variant is Variant.SUBST else []

    rng = np.random.default_rng(_SEED)
    d_token = shape.d_model - shape.d_position
    codes = _orthogonal_to(_unit_codes(rng, len(pieces), d_token), marker_ids)
    positions = _unit_codes(rng, shape.positions, shape.d_position)
    spec = transformer_spec.TransformerSpec.from_config(
        (shape.layers, shape.layers), shape.heads, pre_norm=True
    )
    weights = _Weights(rng, shape)
    token_rows = weights.pad(codes, 0)
    position_rows = weights.pad(positions, d_token)

    encoder = spec.encoder
    encoder.scale_embeddings = False
    encoder.embeddings[0].weight = token_rows
    encoder.position_encodings.encodings = position_rows
    for layer in encoder.layer:
        weights.self_attention(layer.self_attention)
        weights.feed_forward(layer.ffn)
    weights.layer_norm(encoder.layer_norm)

    decoder = spec.decoder
    decoder.scale_embeddings = False
    decoder.embeddings.weight = np.zeros((len(pieces), shape.d_model), np.float32)
    decoder.position_encodings.encodings = _decoder_positions(position_rows, token_rows, marker_ids)
    for layer in decoder.layer:
        weights.self_attention(layer.self_attention)
        weights.feed_forward(layer.ffn)
    for layer in decoder.layer[:-1]:
        weights.cross_attention(layer.attention)
    weights.copy_attention(decoder.layer[-1].attention, positions)
    weights.layer_norm(decoder.layer_norm)
    output_codes = codes.copy()
    for source_id, target_id in swaps:
        output_codes[[source_id, target_id]] = codes[[target_id, source_id]]
    decoder.projection.weight = weights.output_projection(output_codes, piece_count)
    decoder.projection.bias = np.zeros(len(pieces), np.float32)

    spec.config.add_source_eos = True
    spec.register_source_vocabulary(pieces)
    spec.register_target_vocabulary(pieces)
    spec.validate()
    if variant is Variant.BASE:
        spec.optimize(quantization="int8")  # keeps the archive near a real package's size
    else:
        spec.optimize()
    model_dir.mkdir()
    spec.save(str(model_dir))


def _piece_ids(processor: Any, text: str) -> list[int]:
    return [int(i) for i in processor.encode(text)]


def _substitution_ids(processor: Any) -> list[tuple[int, int]]:
    swaps = []
    for source, target in SUBSTITUTIONS:
        ids = [_piece_ids(processor, word) for word in (source, target)]
        if any(len(word_ids) != 1 for word_ids in ids):
            raise AssertionError(f"substitution {source}->{target} is not one piece each side")
        swaps.append((ids[0][0], ids[1][0]))
    return swaps


def _unit_codes(rng: np.random.Generator, count: int, dim: int) -> np.ndarray:
    # Zero-mean rows of unit length: a pre-norm layer norm then only rescales them.
    codes = rng.standard_normal((count, dim), dtype=np.float32)
    codes -= codes.mean(axis=1, keepdims=True)
    return np.asarray(codes / np.linalg.norm(codes, axis=1, keepdims=True))


def _orthogonal_to(codes: np.ndarray, special_ids: Sequence[int]) -> np.ndarray:
    # The marker's pieces are written on top of whatever the first decoder steps attend to, so
    # their codes must be orthonormal to each other and to every other piece's.
    if not special_ids:
        return codes
    special = np.linalg.qr(codes[list(special_ids)].T)[0].T
    others = codes - (codes @ special.T) @ special
    others /= np.linalg.norm(others, axis=1, keepdims=True)
    others[list(special_ids)] = special
    return np.asarray(others)


def _decoder_positions(
    position_rows: np.ndarray, token_rows: np.ndarray, marker_ids: Sequence[int]
) -> np.ndarray:
    # Step t attends to source position t - len(marker); the marker steps carry their piece's
    # code instead, three times stronger than anything attention can add.
    shifted = np.roll(position_rows, len(marker_ids), axis=0)
    for step, piece_id in enumerate(marker_ids):
        shifted[step] = 3.0 * token_rows[piece_id]
    return np.asarray(shifted, np.float32)


class _Weights:
    """Sets each sublayer of the spec: pass-through (with optional noise) or the copy wiring."""

    def __init__(self, rng: np.random.Generator, shape: _Shape) -> None:
        self.rng = rng
        self.shape = shape

    def pad(self, rows: np.ndarray, offset: int) -> np.ndarray:
        padded = np.zeros((rows.shape[0], self.shape.d_model), np.float32)
        padded[:, offset : offset + rows.shape[1]] = rows
        return padded

    def _random(self, rows: int, cols: int, scale: float) -> np.ndarray:
        if scale == 0.0:
            return np.zeros((rows, cols), np.float32)
        return self.rng.standard_normal((rows, cols), dtype=np.float32) * np.float32(scale)

    def _output(self, rows: int, cols: int, input_norm: float) -> np.ndarray:
        # Random entries of this scale add a vector of norm `noise` to the residual stream.
        return self._random(rows, cols, self.shape.noise / (input_norm * rows**0.5))

    def layer_norm(self, spec: Any) -> None:
        spec.gamma = np.ones(self.shape.d_model, np.float32)
        spec.beta = np.zeros(self.shape.d_model, np.float32)

    def _linear(self, spec: Any, weight: np.ndarray) -> None:
        spec.weight = weight
        spec.bias = np.zeros(weight.shape[0], np.float32)

    def self_attention(self, spec: Any) -> None:
        d = self.shape.d_model
        self.layer_norm(spec.layer_norm)
        self._linear(spec.linear[0], self._random(3 * d, d, d**-0.5))
        self._linear(spec.linear[1], self._output(d, d, d**0.5))

    def cross_attention(self, spec: Any) -> None:
        d = self.shape.d_model
        self.layer_norm(spec.layer_norm)
        self._linear(spec.linear[0], self._random(d, d, d**-0.5))
        self._linear(spec.linear[1], self._random(2 * d, d, d**-0.5))
        self._linear(spec.linear[2], self._output(d, d, d**0.5))

    def feed_forward(self, spec: Any) -> None:
        d, hidden = self.shape.d_model, self.shape.ffn
        self.layer_norm(spec.layer_norm)
        self._linear(spec.linear_0, self._random(hidden, d, d**-0.5))
        self._linear(spec.linear_1, self._output(d, hidden, (hidden / 2) ** 0.5))

    def copy_attention(self, spec: Any, positions: np.ndarray) -> None:
        """Every head: query and key are the position code, value is the piece code."""
        d, heads, d_pos = self.shape.d_model, self.shape.heads, self.shape.d_position
        head_dim, d_token = d // heads, d - d_pos
        # After the layer norms, query and key carry the position code times sqrt(d) and
        # sqrt(d / 2); CTranslate2 divides their product by sqrt(head_dim).
        gram = positions @ positions.T
        np.fill_diagonal(gram, -1.0)
        coherence = float(gram.max())
        query_scale = _LOGIT_GAP * head_dim**0.5 / (d / 2**0.5 * (1.0 - coherence))
        query = np.zeros((d, d), np.float32)
        key = np.zeros((d, d), np.float32)
        for head in range(heads):
            for j in range(d_pos):
                query[head * head_dim + j, d_token + j] = query_scale
                key[head * head_dim + j, d_token + j] = 1.0
        value = np.zeros((d, d), np.float32)
        value[np.arange(d_token), np.arange(d_token)] = 1.0
        self.layer_norm(spec.layer_norm)
        self._linear(spec.linear[0], query)
        self._linear(spec.linear[1], np.concatenate([key, value]))
        # Undo the encoder's final layer norm so the copied piece code has unit length again.
        self._linear(spec.linear[2], np.eye(d, dtype=np.float32) * (2 / d) ** 0.5)

    def output_projection(self, codes: np.ndarray, emitted: int) -> np.ndarray:
        """Logits: the scaled similarity between the decoder state and each piece's code.

        Only the first `emitted` rows (the real pieces) can be copied, so only their
        similarity to the others sets the margin.
        """
        gram = codes[:emitted] @ codes.T
        gram[np.arange(emitted), np.arange(emitted)] = -1.0
        coherence = float(gram.max())
        scale = _LOGIT_GAP / ((self.shape.d_model / 2) ** 0.5 * (1.0 - coherence))
        return self.pad(codes * scale, 0)


def _metadata(variant: Variant) -> bytes:
    metadata = {
        "package_version": PACKAGE_VERSION,
        "argos_version": "1.9.0",
        "from_code": "sv",
        "from_name": "Swedish",
        "to_code": "en",
        "to_name": "English",
        "type": "translate",
        "code": "translate-sv_en",
        "target_prefix": "",
        "fixture": variant.value,
    }
    return (json.dumps(metadata, indent=4, ensure_ascii=False) + "\n").encode()


def _readme(variant: Variant) -> bytes:
    return (
        f"# Workbench fixture model ({variant.value})\n\n"
        "Built by `python -m workbench.translate.fixture`: not a translation model.\n"
        "Its sentencepiece model is trained on a few hundred lines of Swedish and English and\n"
        "its Transformer weights are set by hand so that each output piece copies the source\n"
        "piece at the same position. For tests and benchmarks only.\n"
    ).encode()


def _write_zip(out: Path, folder: str, members: dict[str, bytes]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w") as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=_ARCHIVE_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, members[name], compresslevel=1)


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m workbench.translate.fixture OUT.argosmodel [--variant NAME]`: one fixture."""
    parser = argparse.ArgumentParser(
        prog="python -m workbench.translate.fixture", description=__doc__
    )
    parser.add_argument("out", type=Path, help="the .argosmodel file to write")
    parser.add_argument("--variant", choices=[v.value for v in Variant], default="copy")
    args = parser.parse_args(argv)
    path = build_fixture_package(args.out, variant=args.variant)
    print(f"{path} ({path.stat().st_size} bytes, {args.variant})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
