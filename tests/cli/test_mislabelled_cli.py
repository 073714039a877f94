"""UTF-8 files that declare a single-byte encoding: the importers that honour the declaration
warn (and say why when the parser fails); HTML ingest reads the bytes as UTF-8 whatever its
<meta charset> says."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from workbench.ingest.charset import is_single_byte

_TMX = """<?xml version="1.0" encoding="{encoding}"?>
<tmx version="1.4"><header srclang="{sl}" datatype="plaintext" segtype="sentence" adminlang="en"
 o-tmf="x" creationtool="x" creationtoolversion="1"/><body>
<tu><tuv xml:lang="{sl}"><seg>{source}</seg></tuv><tuv xml:lang="en"><seg>{target}</seg></tuv></tu>
</body></tmx>
"""
_XLIFF = """<?xml version="1.0" encoding="{encoding}"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="{sl}"
 target-language="en" datatype="plaintext" original="x"><body><trans-unit id="1" approved="yes">
<source>{source}</source><target state="final">{target}</target></trans-unit></body></file></xliff>
"""
_TBX = """<?xml version="1.0" encoding="{encoding}"?>
<martif type="TBX" xml:lang="en"><text><body><termEntry id="1">
<langSet xml:lang="{sl}"><tig><term>{source}</term></tig></langSet>
<langSet xml:lang="en"><tig><term>{target}</term></tig></langSet>
</termEntry></body></text></martif>
"""
_KINDS = {
    ".tmx": (_TMX, "tm"),
    ".xlf": (_XLIFF, "tm"),
    ".tbx": (_TBX, "glossary"),
}


def _write(
    tmp_path: Path,
    suffix: str,
    encoding: str,
    source: str,
    *,
    stored_as: str = "utf-8",
    lang: str = "sv",
    prefix: bytes = b"",
) -> Path:
    template, _ = _KINDS[suffix]
    text = template.format(encoding=encoding, sl=lang, source=source, target="The source.")
    path = tmp_path / f"terms{suffix}"
    path.write_bytes(prefix + text.encode(stored_as))
    return path


def _imported_sources(invoke: Callable[..., object], suffix: str, lang: str) -> list[str]:
    command = _KINDS[suffix][1]
    listed = invoke(command, "list", "--source-lang", lang, "--json")
    assert listed.exit_code == 0, listed.stderr  # type: ignore[attr-defined]
    return [entry["source"] for entry in json.loads(listed.stdout)]  # type: ignore[attr-defined]


@pytest.mark.parametrize("suffix", sorted(_KINDS))
@pytest.mark.parametrize(
    ("encoding", "lang", "source", "shown"),
    [
        ("ISO-8859-1", "sv", "Vi ses på fredag i Göteborg.", "å ö came out as Ã¥ Ã¶"),
        ("windows-1252", "sv", "Vi ses på fredag i Göteborg.", "å ö came out as Ã¥ Ã¶"),
        # not tuned to Swedish: Polish UTF-8 under a Central European label
        ("ISO-8859-2", "pl", "Żaba pije ze źródła.", "Ż ź ó came out as Ĺť Ĺş Ăł"),
    ],
)
def test_utf8_under_a_single_byte_label_warns_and_imports_as_before(  # type: ignore[no-untyped-def]
    invoke, tmp_path: Path, suffix: str, encoding: str, lang: str, source: str, shown: str
) -> None:
    path = _write(tmp_path, suffix, encoding, source, lang=lang)
    result = invoke(_KINDS[suffix][1], "import", str(path), "--source-lang", lang)
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: {path} declares {encoding} but its bytes are valid UTF-8 ({shown}); "
        "convert it or fix the declaration"
    ]
    # the import itself goes on as the declaration says: the label is the file's own claim
    mojibake = source.encode("utf-8").decode(encoding)
    assert _imported_sources(invoke, suffix, lang) == [mojibake]


@pytest.mark.parametrize("suffix", sorted(_KINDS))
@pytest.mark.parametrize(
    ("encoding", "stored_as", "prefix", "source"),
    [
        ("ISO-8859-1", "latin-1", b"", "Vi ses på fredag."),  # what the label says
        ("UTF-8", "utf-8", b"", "Vi ses på fredag."),
        ("ISO-8859-1", "utf-8", b"", "Vi ses nu."),  # nothing a wrong label could garble
        # the parser follows a UTF-8 byte-order mark over the declaration
        ("ISO-8859-1", "utf-8", b"\xef\xbb\xbf", "Vi ses på fredag."),
    ],
)
def test_files_read_as_their_label_says_do_not_warn(  # type: ignore[no-untyped-def]
    invoke, tmp_path: Path, suffix: str, encoding: str, stored_as: str, prefix: bytes, source: str
) -> None:
    path = _write(tmp_path, suffix, encoding, source, stored_as=stored_as, prefix=prefix)
    result = invoke(_KINDS[suffix][1], "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr
    assert _imported_sources(invoke, suffix, "sv") == [source]


@pytest.mark.parametrize("suffix", sorted(_KINDS))
def test_utf8_bytes_the_label_lacks_fail_saying_why(  # type: ignore[no-untyped-def]
    invoke, tmp_path: Path, suffix: str
) -> None:
    # "Á" is C3 81 in UTF-8, and 0x81 is not a Windows-1252 character: the parser stops
    path = _write(tmp_path, suffix, "windows-1252", "Álvaro åker.")
    result = invoke(_KINDS[suffix][1], "import", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith("workbench: error: ") and len(result.stderr.splitlines()) == 1
    assert f"{path} declares windows-1252 but its bytes are valid UTF-8" in result.stderr


def test_html_meta_charset_does_not_override_utf8_bytes(  # type: ignore[no-untyped-def]
    invoke, tmp_path: Path
) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(
        '<!doctype html><html><head><meta charset="iso-8859-1"><title>Väder</title></head>'
        "<body><article><h1>Vädret i Göteborg</h1><p>Det blir regn på fredag och blåsigt på "
        "lördag. Meteorologerna varnar för halka.</p></article></body></html>".encode()
    )
    result = invoke("ingest", str(page))
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr
    segments = json.loads(invoke("segments", "1", "--json").stdout)  # type: ignore[attr-defined]
    sources = " ".join(segment["source"] for segment in segments)
    assert "Vädret i Göteborg" in sources and "på fredag" in sources
    assert "Ã" not in sources


@pytest.mark.parametrize(
    ("encoding", "single"),
    [
        ("latin-1", True),
        ("windows-1252", True),
        ("ISO-8859-2", True),
        ("KOI8-R", True),
        ("mac-roman", True),
        ("UTF-8", False),
        ("UTF-16", False),
        ("Shift_JIS", False),
        ("GBK", False),
        ("EUC-KR", False),
        ("no-such-encoding", False),
    ],
)
def test_single_byte_means_every_byte_is_a_character_on_its_own(
    encoding: str, single: bool
) -> None:
    assert is_single_byte(encoding) is single
