"""Subtitles in and out: each cue a paragraph; the English .srt keeps cue numbers and timings
and wraps each cue to the line length the source used."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import srt

from tests.office_xml import assert_refused_unchanged

NEWS = """\
7
00:00:01,000 --> 00:00:04,000
Regeringen lade i dag fram
en ny budget för nästa år.

8
00:00:04,500 --> 00:00:08,000
Finansministern säger att den
är <i>ansvarsfull</i> och stärker ekonomin.

9
00:00:08,500 --> 00:00:11,000
- Räcker det verkligen för hushållen?
- Nej, säger oppositionen i riksdagen.

"""


def _written(invoke, install_model, tmp_path: Path, text: str, variant: str = "marker") -> str:  # type: ignore[no-untyped-def]
    install_model(variant)
    source = tmp_path / "nyheter.srt"
    source.write_bytes(text.encode())
    result = invoke("run", source, "--out", tmp_path / "english")
    assert result.exit_code == 0, result.stderr
    return (tmp_path / "english" / "nyheter.en.srt").read_bytes().decode()


def test_cues_are_paragraphs_with_their_lines_joined(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "nyheter.srt"
    source.write_text(NEWS)
    assert invoke("ingest", source).exit_code == 0
    segments = json.loads(invoke("segments", "1", "--json").stdout)
    assert [s["paragraph"] for s in segments][:2] == [1, 2]
    assert segments[0]["source"] == "Regeringen lade i dag fram en ny budget för nästa år."
    assert "är <i>ansvarsfull</i> och" in segments[1]["source"]
    # a dialogue keeps one line per speaker
    assert [s["source"] for s in segments if s["paragraph"] == 3] == [
        "- Räcker det verkligen för hushållen?",
        "- Nej, säger oppositionen i riksdagen.",
    ]


def test_copy_model_gives_the_same_cues_back(invoke, install_model, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    written = _written(invoke, install_model, tmp_path, NEWS, variant="copy")
    original, english = list(srt.parse(NEWS)), list(srt.parse(written))
    assert [(c.index, c.start, c.end) for c in english] == [
        (c.index, c.start, c.end) for c in original
    ]
    assert [c.content.split() for c in english] == [c.content.split() for c in original]


def test_marker_model_rewraps_to_the_source_line_length(
    invoke, install_model, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    written = _written(invoke, install_model, tmp_path, NEWS.replace("\n", "\r\n"))
    assert "\r\n" in written  # the source's line ends
    cues = list(srt.parse(written.replace("\r\n", "\n")))
    assert [c.index for c in cues] == [7, 8, 9]
    longest = max(len(line.replace("<i>", "").replace("</i>", "")) for line in NEWS.split("\n"))
    for cue in cues:
        lines = cue.content.split("\n")
        assert lines[0].startswith("[en] ")
        assert all(len(line.replace("<i>", "").replace("</i>", "")) <= longest for line in lines)
    assert cues[0].content == "[en] Regeringen lade i dag fram en ny\nbudget för nästa år."
    # each speaker starts a line of their own
    speakers = [line for line in cues[2].content.split("\n") if line.startswith("[en] - ")]
    assert len(speakers) == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (NEWS.replace("00:00:04,500 -->", "00:0x:04,500 -->"), "broken subtitle timing at line 7"),
        (NEWS.replace("00:00:04,000\nRegeringen", "00:00:00,500\nRegeringen"), "cue 7 ends before"),
    ],
    ids=["bad-timestamp", "ends-before-start"],
)
def test_broken_timings_get_one_line_and_leave_the_store_unchanged(  # type: ignore[no-untyped-def]
    invoke, tmp_path: Path, store_path: Path, text: str, message: str
) -> None:
    good = tmp_path / "bra.srt"
    good.write_text(NEWS)
    assert invoke("ingest", good).exit_code == 0
    bad = tmp_path / "trasig.srt"
    bad.write_text(text)
    assert_refused_unchanged(invoke, store_path, bad, message)


def test_a_byte_order_mark_stays(invoke, install_model, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    install_model("copy")
    source = tmp_path / "nyheter.srt"
    source.write_bytes(b"\xef\xbb\xbf" + NEWS.encode())
    assert invoke("run", source, "--out", tmp_path / "english").exit_code == 0
    written = (tmp_path / "english" / "nyheter.en.srt").read_bytes()
    assert written.startswith(b"\xef\xbb\xbf7\n00:00:01,000 --> 00:00:04,000\n")
