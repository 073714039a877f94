"""Inline codes (workbench.ingest.coded): formatting and objects survive as `<gN>`/`<xN/>`, a
translation that loses, doubles or reorders codes costs formatting but never an object, and
MT masking protects the codes like Markdown markup."""

from __future__ import annotations

from workbench.ingest.coded import Text, decode, encode, plain
from workbench.translate.masking import mask, unmask

IMAGE, NOTE = object(), object()


def _paragraph() -> list:  # type: ignore[type-arg]
    return [
        Text("Regeringen lade fram ", "plain"),
        Text("en ny budget", "bold"),
        Text(" i dag", "plain"),
        IMAGE,
        Text(" enligt ", "plain"),
        Text("TT", "italic"),
        NOTE,
        Text(".", "plain"),
    ]


def test_the_most_common_formatting_is_plain_and_the_rest_are_codes() -> None:
    coded = encode(_paragraph())
    assert (
        coded.text
        == "Regeringen lade fram <g1>en ny budget</g1> i dag<x2/> enligt <g3>TT<x4/></g3>."
    )
    assert coded.base == "plain" and coded.styles == {1: "bold", 3: "italic"}
    assert coded.objects == {2: IMAGE, 4: NOTE}
    assert plain(coded.text) == "Regeringen lade fram en ny budget i dag enligt TT."


def test_decoding_the_same_text_gives_the_paragraph_back() -> None:
    coded = encode(_paragraph())
    assert list(decode(coded.text, coded)) == _paragraph()


def test_lost_doubled_and_unknown_codes_cost_formatting_never_an_object() -> None:
    coded = encode(_paragraph())
    # the translation lost </g1> and <x4/>, doubled <x2/> and invented <g9>
    decoded = list(decode("<g1>A new budget<x2/> today<x2/> <g9>says</g9> TT.", coded))
    assert decoded.count(IMAGE) == 1 and decoded.count(NOTE) == 1
    assert decoded[-1] is NOTE  # a lost object goes to the end of its paragraph
    text = "".join(item.text for item in decoded if isinstance(item, Text))
    assert text == "A new budget today says TT."


def test_reordered_codes_keep_their_formatting() -> None:
    coded = encode(_paragraph())
    decoded = list(decode("<g3>TT</g3> says <g1>a new budget</g1><x2/><x4/>.", coded))
    assert Text("TT", "italic") in decoded and Text("a new budget", "bold") in decoded


def test_text_that_looks_like_a_code_is_escaped() -> None:
    coded = encode([Text("Skriv <g1> eller a\\b", "plain"), Text("fet", "bold")])
    assert coded.text == "Skriv \\<g1> eller a\\\\b<g1>fet</g1>"
    assert plain(coded.text) == "Skriv <g1> eller a\\bfet"
    assert list(decode(coded.text, coded)) == [
        Text("Skriv <g1> eller a\\b", "plain"),
        Text("fet", "bold"),
    ]


def test_objects_before_and_after_the_text_are_not_coded() -> None:
    bookmark, end = object(), object()
    coded = encode([bookmark, Text("Rubrik", "plain"), end])
    assert coded.text == "Rubrik"
    assert list(decode("Headline", coded)) == [bookmark, Text("Headline", "plain"), end]


def test_mt_masking_protects_every_code() -> None:
    source = encode(_paragraph()).text
    masked = mask(source, lang="sv")
    for code in ("<g1>", "</g1>", "<x2/>", "<g3>", "<x4/>", "</g3>"):
        assert code not in masked.text
    assert unmask(masked.text, masked) == source


def test_qa_flags_a_target_that_lost_or_invented_codes() -> None:
    from workbench.quality.qa import check_pair

    source = "Regeringen lade fram <g1>en ny budget</g1> i dag<x2/>."
    assert not [
        f
        for f in check_pair(source, "The government <g1>a new budget</g1><x2/>.")
        if f.code == "code-mismatch"
    ]
    (flag,) = [
        f
        for f in check_pair(source, "The government a new <g1>budget</g1> \\<x2/> <g4>.")
        if f.code == "code-mismatch"
    ]
    assert flag.message == "formatting codes missing: <x2/>; not in the source: <g4>"
