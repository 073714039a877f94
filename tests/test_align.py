"""The sentence aligner on small hand-written documents, unrelated texts, and as a property."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.align.aligner import BEAD_TYPES, AlignedBead, Alignment, align_sentences
from workbench.align.cues import boundary_glue
from workbench.align.dictionary import dictionary_keys
from workbench.align.fitting import fit_model, neighbour_evidence
from workbench.align.model import PAIR_TYPES, PARAMS
from workbench.align.scoring import Scorer
from workbench.align.search import cheapest_path
from workbench.bench.align import BeadIndices, bead_scores, vecalign_scores
from workbench.errors import InputError

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BEAD_TYPE_NAMES = ("1-1", "1-0", "0-1", "2-1", "1-2", "2-2", "3-1", "1-3")
# Sentences with no numbers, names or cognates: only MT or a dictionary can pair them.
PLAIN_DAY = (
    "Hunden sov hela dagen i solen.",
    "Katten jagade en fågel i trädgården.",
    "Sedan började det regna kraftigt.",
    "Vi stannade inne och drack te.",
    "Barnen byggde ett slott av kuddar.",
    "På kvällen lagade pappa soppa.",
    "Alla somnade tidigt den natten.",
)

# (Swedish sentences, English sentences) per gold bead, in document order.
GOLD_BEADS: list[tuple[list[str], list[str]]] = [
    (
        ["Kommunen Borlänge har ungefär 52 000 invånare och ligger i Dalarna."],
        ["The municipality of Borlänge has about 52,000 inhabitants and lies in Dalarna."],
    ),
    (
        ["Anna Lindqvist har lett projektet sedan 2019."],
        ["Anna Lindqvist has led the project since 2019."],
    ),
    (
        ["Budgeten är 3,5 miljoner kronor om året och betalas av staten sedan 2021."],
        [
            "The budget is 3.5 million kronor a year.",
            "It has been paid by the state since 2021.",
        ],
    ),
    (["Det här stycket saknas i översättningen, men 17 personer läste det ändå."], []),
    (
        ["Projektet startade i mars 2020.", "Det pågår till 2027."],
        ["The project started in March 2020 and runs until 2027."],
    ),
    (
        ["Skolan i Tjärna har 430 elever.", "Biblioteket öppnade redan 1987 i centrum."],
        [
            "The library opened in the centre as early as 1987.",
            "The school in Tjärna has 430 pupils.",
        ],
    ),
    (
        ["Kontakta Erik Berg på erik.berg@example.se om du har frågor."],
        ["Contact Erik Berg at erik.berg@example.se if you have any questions."],
    ),
    ([], ["Translator's note: all figures were checked again on 4 May 2024."]),
    (
        ["I januari var det kallt, minus 12 grader i Falun."],
        ["In January it was cold, minus 12 degrees in Falun."],
    ),
    (
        ["Läs mer på https://www.borlange.se/projekt om satsningen."],
        ["Read more about the initiative at https://www.borlange.se/projekt."],
    ),
    (
        ["Under 2023 kom 1 250 besökare till utställningen i Kupolen."],
        ["In 2023, 1,250 visitors came to the exhibition in Kupolen."],
    ),
    (
        ["Maria Holm från Gagnef vann tävlingen med 98,5 poäng."],
        ["Maria Holm from Gagnef won the competition with 98.5 points."],
    ),
    (
        ["Lisa Ek kom hem klockan 18 i går kväll."],
        ["Lisa Ek came home at 18 last night."],
    ),
    # Sentences of one length: only the anchors tell which one has no translation.
    (["Olle Sund köpte 4 nya cyklar i Mora."], []),
    (
        ["Karin Bok målade 9 tavlor i Leksand."],
        ["Karin Bok painted 9 paintings in Leksand."],
    ),
    (
        ["Per Ås sålde 7 gamla bilar i Rättvik."],
        ["Per Ås sold 7 old cars in Rättvik."],
    ),
    (
        ["Tåget från Uppsala var 25 minuter försenat på måndagen."],
        ["The train from Uppsala was 25 minutes late on Monday."],
    ),
    (
        ["Föreningen Gille bildades 1954.", "Den har 310 medlemmar.", "Ordförande är Sven Dahl."],
        ["The Gille society, founded in 1954, has 310 members and is chaired by Sven Dahl."],
    ),
    (
        ["Stugan vid Siljan har 6 bäddar, kostar 900 kronor per natt och hyrs ut av Eva Lund."],
        [
            "The cottage by Lake Siljan has 6 beds.",
            "It costs 900 kronor a night.",
            "Eva Lund lets it.",
        ],
    ),
    (
        ["Simhallen i Domnarvet stänger den 30 juni för renovering."],
        ["The swimming pool in Domnarvet closes on 30 June for renovation."],
    ),
    (
        ["Renoveringen beräknas kosta 48 miljoner kronor."],
        ["The renovation is estimated to cost 48 million kronor."],
    ),
    (
        ["Johan Falk tränar ungdomslaget i Hagalund två gånger i veckan."],
        ["Johan Falk coaches the youth team in Hagalund twice a week."],
    ),
]


def documents() -> tuple[list[str], list[str], list[tuple[tuple[int, ...], tuple[int, ...]]]]:
    source: list[str] = []
    target: list[str] = []
    gold = []
    for swedish, english in GOLD_BEADS:
        gold.append(
            (
                tuple(range(len(source), len(source) + len(swedish))),
                tuple(range(len(target), len(target) + len(english))),
            )
        )
        source.extend(swedish)
        target.extend(english)
    return source, target, gold


def as_pairs(alignment: Alignment) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(bead.source, bead.target) for bead in alignment.beads]


def test_every_bead_type_is_found_in_a_hand_written_document() -> None:
    source, target, gold = documents()
    alignment = align_sentences(source, target, source_lang="sv", target_lang="en")
    assert as_pairs(alignment) == gold
    assert {bead.type for bead in alignment.beads} == set(BEAD_TYPE_NAMES)
    assert alignment.looks_parallel
    assert alignment.parallel_score >= 0.5
    paired = [bead.score for bead in alignment.beads if bead.source and bead.target]
    assert sum(paired) / len(paired) > 0.85
    assert min(paired) > 0.3


def test_numbers_and_names_pick_the_omitted_one_of_equal_sentences() -> None:
    source, target, gold = documents()
    alignment = align_sentences(source, target, source_lang="sv", target_lang="en")
    omitted = source.index("Olle Sund köpte 4 nya cyklar i Mora.")
    assert ((omitted,), ()) in as_pairs(alignment)
    assert ((omitted + 1,), (target.index("Karin Bok painted 9 paintings in Leksand."),)) in (
        as_pairs(alignment)
    )


def test_machine_translation_of_the_source_is_used_when_given() -> None:
    # No numbers, names or cognates to go by: the MT carries the match.
    source = list(PLAIN_DAY)
    source_mt = [
        "The dog slept all day in the sun.",
        "The cat chased a bird in the garden.",
        "Then it started to rain heavily.",
        "We stayed inside and drank tea.",
        "The children built a castle of cushions.",
        "In the evening dad cooked soup.",
        "Everyone fell asleep early that night.",
    ]
    target = [
        "The dog slept in the sun all day.",
        "The cat chased a bird in the garden.",
        "We stayed indoors drinking tea.",
        "The children built a castle out of cushions.",
        "In the evening, Dad made soup.",
        "Everyone fell asleep early that night.",
    ]
    alignment = align_sentences(
        source, target, source_lang="sv", target_lang="en", source_mt=source_mt
    )
    assert as_pairs(alignment) == [
        ((0,), (0,)),
        ((1,), (1,)),
        ((2,), ()),
        ((3,), (2,)),
        ((4,), (3,)),
        ((5,), (4,)),
        ((6,), (5,)),
    ]
    assert "mt" in alignment.method


def split_sentences(text: str) -> list[str]:
    sentences = []
    for paragraph in text.splitlines():
        sentences += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])", paragraph) if s.strip()]
    return sentences


def test_unrelated_articles_are_not_forced_into_confident_pairs() -> None:
    swedish = split_sentences((SEEDS / "004_a5e45da3f1913b04.txt").read_text(encoding="utf-8"))
    english = split_sentences((SEEDS / "000_8f0428e54d73b21b.txt").read_text(encoding="utf-8"))
    alignment = align_sentences(swedish, english, source_lang="sv", target_lang="en")
    assert not alignment.looks_parallel
    assert alignment.parallel_score < 0.5
    omitted = sum(1 for bead in alignment.beads if not bead.source or not bead.target)
    assert omitted / len(alignment.beads) > 0.6
    assert max(bead.score for bead in alignment.beads if bead.source and bead.target) < 0.5


def test_a_text_aligned_with_itself_is_all_one_to_one() -> None:
    _, target, _ = documents()
    alignment = align_sentences(target, target, source_lang="en", target_lang="en")
    assert as_pairs(alignment) == [((i,), (i,)) for i in range(len(target))]


def test_empty_sides_become_omissions() -> None:
    alignment = align_sentences(["Hej.", "Då."], [], source_lang="sv", target_lang="en")
    assert [bead.type for bead in alignment.beads] == ["1-0", "1-0"]
    assert align_sentences([], [], source_lang="sv", target_lang="en").beads == ()


def test_bead_type_is_written_as_aligners_write_it() -> None:
    assert AlignedBead((3, 4), (7,), 0.9).type == "2-1"
    assert AlignedBead((), (2,), 0.1).type == "0-1"


words = st.sampled_from(
    ["Tom", "Mary", "hus", "house", "42", "3,5", "katt", "cat", "Stockholm", "i", "the", "och"]
)
sentences = st.lists(words, min_size=1, max_size=12).map(lambda ws: " ".join(ws) + ".")


@settings(max_examples=60, deadline=None)
@given(
    source=st.lists(sentences, max_size=25),
    target=st.lists(sentences, max_size=25),
)
def test_beads_cover_every_sentence_once_in_order(source: list[str], target: list[str]) -> None:
    alignment = align_sentences(source, target, source_lang="sv", target_lang="en")
    source_order = [i for bead in alignment.beads for i in bead.source]
    target_order = [j for bead in alignment.beads for j in bead.target]
    assert source_order == list(range(len(source)))
    assert target_order == list(range(len(target)))
    assert all(bead.source or bead.target for bead in alignment.beads)
    assert all(0.0 <= bead.score <= 1.0 for bead in alignment.beads)
    assert {bead.type for bead in alignment.beads} <= {f"{s}-{t}" for s, t in BEAD_TYPES}
    assert 0.0 <= alignment.parallel_score <= 1.0


def test_vecalign_scoring_matches_a_hand_count() -> None:
    gold: list[BeadIndices] = [((0,), (0,)), ((1, 2), (1,)), ((), (2,)), ((3,), (3,))]
    test: list[BeadIndices] = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((), (2,)), ((3,), (3,))]
    result = vecalign_scores([gold], [test])
    # Precision over 5 predicted beads: 3 exact; lax adds (1,)-(1,), which overlaps (1,2)-(1,).
    assert abs(result["precision_strict"] - 3 / 5) < 1e-9
    assert abs(result["precision_lax"] - 4 / 5) < 1e-9
    # Recall over the 3 gold pairs: 2 exact; lax finds all 3.
    assert abs(result["recall_strict"] - 2 / 3) < 1e-9
    assert abs(result["recall_lax"] - 1.0) < 1e-9


def test_bead_scores_per_type() -> None:
    gold: list[BeadIndices] = [((0,), (0,)), ((1, 2), (1,)), ((3,), ())]
    predicted: list[BeadIndices] = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), ())]
    report = bead_scores(gold, predicted)
    assert report["all"]["precision"] == 2 / 4
    assert report["all"]["recall"] == 2 / 3
    assert report["2-1"]["recall"] == 0.0
    assert report["1-0"]["precision"] == 1 / 2


def test_machine_translation_must_match_the_source() -> None:
    with pytest.raises(InputError, match="source_mt has 1 sentences but the source has 2"):
        align_sentences(
            ["Hej.", "Då."], ["Hi.", "Bye."], source_lang="sv", target_lang="en", source_mt=["Hi."]
        )


def test_a_run_of_untranslated_lines_is_left_out_as_one_block() -> None:
    # An advertisement in the translation only: six lines in a row with nothing to pair.
    block = [
        "Advertisement",
        "Winter tyres from Nordic Wheels",
        "Open weekdays until late",
        "Call us for an offer",
        "Ask for our catalogue",
        "Welcome!",
    ]
    beads = GOLD_BEADS[:8] + [([], [line]) for line in block] + GOLD_BEADS[8:]
    source = [sentence for swedish, _ in beads for sentence in swedish]
    target = [sentence for _, english in beads for sentence in english]
    alignment = align_sentences(source, target, source_lang="sv", target_lang="en")
    starts = (sum(len(s) for s, _ in beads[:8]), sum(len(e) for _, e in beads[:8]))
    for k in range(len(block)):
        assert ((), (starts[1] + k,)) in as_pairs(alignment)
    assert ((starts[0],), (starts[1] + len(block),)) in as_pairs(alignment)


B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def write_dictionary(folder: Path, name: str, entries: dict[str, str]) -> None:
    """A dictionary in dictd format as FreeDict packages install it: index and gzip'd text."""

    def number(value: int) -> str:
        digits = ""
        while True:
            digits = B64[value % 64] + digits
            value //= 64
            if not value:
                return digits

    data = b""
    index = []
    for head, glosses in entries.items():
        body = f"{head} /x/ <n>\n{glosses}\nan explanation that is not a translation\n".encode()
        index.append(f"{head}\t{number(len(data))}\t{number(len(body))}")
        data += body
    (folder / f"{name}.index").write_text("\n".join(sorted(index)) + "\n", encoding="utf-8")
    (folder / f"{name}.dict.dz").write_bytes(gzip.compress(data))


SWEDISH_WORDS = {
    "hund": "dog",
    "sova": "sleep",
    "dag": "day",
    "sol": "sun",
    "katt": "cat",
    "fågel": "bird",
    "trädgård": "garden",
    "regna": "rain",
    "stanna": "stay",
    "barn": "child",
    "bygga": "build",
    "slott": "castle",
    "kudde": "cushion, pillow",
    "kväll": "evening",
    "soppa": "soup",
    "alla": "everyone, all",
    "somna": "fall asleep",
    "tidigt": "early",
    "natt": "night",
}


@pytest.mark.parametrize("reverse", [False, True])
def test_an_installed_dictionary_pairs_sentences_that_share_no_anchors(
    tmp_path: Path, reverse: bool
) -> None:
    if reverse:
        english = {}
        for swedish, glosses in SWEDISH_WORDS.items():
            for gloss in glosses.split(", "):
                english[gloss] = swedish
        write_dictionary(tmp_path, "freedict-eng-swe", english)
    else:
        write_dictionary(tmp_path, "freedict-swe-eng", SWEDISH_WORDS)
    source = list(PLAIN_DAY)
    target = [
        "The dog slept in the sun all day.",
        "The cat chased a bird in the garden.",
        "We stayed indoors drinking tea.",
        "The children built a castle out of cushions.",
        "In the evening, Dad made soup.",
        "Everyone fell asleep early that night.",
    ]
    gold = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,))]
    gold += [((s,), (s - 1,)) for s in range(4, 7)]
    with_dictionary = align_sentences(
        source, target, source_lang="sv", target_lang="en", dictionaries=tmp_path
    )
    assert as_pairs(with_dictionary) == gold
    without = align_sentences(source, target, source_lang="sv", target_lang="en", dictionaries=None)
    assert as_pairs(without) != gold


def test_no_dictionary_for_the_pair_means_none_is_used(tmp_path: Path) -> None:
    write_dictionary(tmp_path, "freedict-deu-fra", {"hund": "chien"})
    assert dictionary_keys(["Der Hund."], ["Le chien."], "sv", "en", tmp_path) is None
    assert dictionary_keys(["Der Hund."], ["Le chien."], "xx", "fr", tmp_path) is None
    keys = dictionary_keys(["Der Hund bellt."], ["Le chien aboie."], "de", "fr", tmp_path)
    assert keys == ([{"dhund|chien"}], [{"dhund|chien"}])


def test_boundaries_inside_a_split_sentence_are_glued() -> None:
    params = {**PARAMS, "glue_lower": 1.0, "glue_colon": 2.0}
    texts = [
        "Blick vom Hochland auf die Gipfel der Cordillera Blanca ( Peru ) Photo :",
        "Daniel Santschi wohnt in Solothurn und fotografiert seit Jahren die Anden .",
        "die Aufnahme entstand im Sommer 1988 auf einer langen Reise durch Peru .",
        "Hallwag .",
        "Der Verlag sitzt seit vielen Jahrzehnten in Bern und druckt Karten .",
    ]
    assert boundary_glue(texts, params).tolist() == [2.0, 1.0, 0.0, 0.0]


def test_leaving_a_line_out_forfeits_only_evidence_no_partner_holds() -> None:
    # s0 pairs t0; caption t1 repeats t0's name and number; s1 "... Photo :" pairs t2 while the
    # fragment t3 "Photo :" is left out.
    source_keys = [{"nLhotse", "#8501"}, {"cphoto", "p:", "nPeru"}]
    target_keys = [{"nLhotse", "#8501"}, {"nLhotse", "#8501"}, {"nPeru"}, {"cphoto", "p:"}]
    scorer = Scorer(
        np.full(2, 40.0), np.full(4, 40.0), source_keys, target_keys, {**PARAMS, "ratio": 1.0}
    )
    path = [(0, 1, 0, 1), (1, 1, 1, 2), (1, 2, 2, 3), (2, 2, 3, 4)]
    source, target = neighbour_evidence(scorer, path)
    assert target[1] == 0.0
    assert target[3] == pytest.approx(scorer.weight["cphoto"] + scorer.weight["p:"])
    assert source[0] == pytest.approx(scorer.weight["nLhotse"] + scorer.weight["#8501"])


def test_a_run_of_omissions_never_makes_a_line_free() -> None:
    lengths = np.array([2.0, 3.0, 120.0, 5.0])
    keys: list[set[str]] = [set() for _ in lengths]
    # A discount larger than a short line's whole omission cost.
    scorer = Scorer(lengths, lengths, keys, keys, {**PARAMS, "gap_discount": 6.0})
    inside = np.diff(scorer.target_run_sums)
    assert (inside >= PARAMS["gap_floor"]).all()
    # Opening a run with a line and going on with it add up to leaving that line out alone.
    assert np.allclose(inside + scorer.run_openings[:-1], np.diff(scorer.target_skip_sums))


def test_the_search_prices_a_run_of_source_omissions_as_one_event() -> None:
    # s0 pairs t0 and s5 pairs t1; the four short lines between them have no partner. Paying
    # each omission in full, gluing them to their neighbours as 3-1 beads is cheaper.
    lengths = np.array([40.0, 5.0, 5.0, 5.0, 5.0, 40.0])
    keys: list[set[str]] = [{"#1"}, set(), set(), set(), set(), {"#2"}]
    target_lengths, target_keys = np.array([40.0, 40.0]), [{"#1"}, {"#2"}]
    params = {**PARAMS, "ratio": 1.0, "skip_len": 0.0, "source_gap_discount": 4.0}
    path = cheapest_path(lengths, target_lengths, keys, target_keys, params)
    assert path == [
        (0, 1, 0, 1),
        (1, 2, 1, 1),
        (2, 3, 1, 1),
        (3, 4, 1, 1),
        (4, 5, 1, 1),
        (5, 6, 1, 2),
    ]
    scorer = Scorer(lengths, target_lengths, keys, target_keys, params)
    # Inside a run a line costs its omission less the discount, never under the floor.
    assert np.allclose(scorer.source_run_costs, max(params["skip"] - 4.0, params["gap_floor"]))


def test_a_two_by_two_bead_needs_weight_shared_across_its_sentences() -> None:
    # s0-t0 and s1-t1 share their keys, but the merged bead's lengths match far better than
    # either pair's: with a cheap 2-2 prior, length alone would merge them.
    source_keys = [{"nAlpha", "#17"}, {"nBeta", "#23"}]
    target_keys = [{"nAlpha", "#17"}, {"nBeta", "#23"}]
    lengths = (np.array([60.0, 20.0]), np.array([40.0, 40.0]))
    params = {**PARAMS, "ratio": 1.0, "swap": 1.0, "crossing": 1.0}
    path = cheapest_path(*lengths, source_keys, target_keys, params)
    assert path == [(0, 1, 0, 1), (1, 2, 1, 2)]
    # Swapped: each source shares its keys with the other target, so the 2-2 bead stands.
    assert cheapest_path(*lengths, source_keys, target_keys[::-1], params) == [(0, 2, 0, 2)]
    # The search's band costs and the confidence scorer's bead costs price it alike.
    scorer = Scorer(*lengths, source_keys, target_keys, params)
    band = scorer.band_costs(np.zeros(3, dtype=np.int64), 3, 2, 3)
    assert band[0, PAIR_TYPES.index((2, 2)), 2] == pytest.approx(
        scorer.bead_costs([(0, 2, 0, 2)])[0]
    )


@pytest.mark.parametrize("swap_sides", [False, True])
def test_a_merge_does_not_take_a_sentence_that_shares_nothing_with_it(swap_sides: bool) -> None:
    # s1, a caption naming what s2 is about, fits t0's length beside s0 exactly; merged there
    # it would share none of its names, so it is left out instead.
    lengths = (np.array([40.0, 20.0, 40.0]), np.array([60.0, 40.0]))
    keys = (
        [{"#1", "nAlpha"}, {"nBeta", "nGamma"}, {"#2", "nBeta", "nGamma"}],
        [{"#1", "nAlpha"}, {"#2", "nBeta", "nGamma"}],
    )
    if swap_sides:
        lengths, keys = lengths[::-1], keys[::-1]
    params = {**PARAMS, "ratio": 1.0, "orphan": 2.0}
    path = cheapest_path(*lengths, *keys, params)
    expected = [(0, 1, 0, 1), (1, 2, 1, 1), (2, 3, 1, 2)]
    if swap_sides:
        expected = [(t0, t1, s0, s1) for s0, s1, t0, t1 in expected]
    assert path == expected
    # The search's band costs and the confidence scorer's bead costs price the merge alike.
    scorer = Scorer(*lengths, *keys, params)
    merge = (0, 2, 0, 1) if not swap_sides else (0, 1, 0, 2)
    rows = np.zeros(scorer.n + 1, dtype=np.int64)
    band = scorer.band_costs(rows, scorer.m + 1, merge[1], merge[1] + 1)
    bead_type = PAIR_TYPES.index((merge[1] - merge[0], merge[3] - merge[2]))
    assert band[0, bead_type, merge[3]] == pytest.approx(scorer.bead_costs([merge])[0])


@pytest.mark.parametrize("glued", [False, True])
def test_a_continuation_joins_its_sentence_even_when_it_shares_nothing(glued: bool) -> None:
    # t1 shares no key with s0; when t0|t1 is a split sentence (a lower-case start, say), t1 is
    # a piece of t0, which does share s0's keys, so it joins the bead instead of being left out.
    source_lengths = np.array([80.0, 40.0, 40.0, 40.0])
    target_lengths = np.array([45.0, 35.0, 40.0, 40.0, 40.0])
    source_keys = [{"#1", "nAlpha"}, {"#2"}, {"#3", "nBeta"}, {"#4"}]
    target_keys = [{"#1", "nAlpha"}, {"nBeta"}, {"#2"}, {"#3"}, {"#4"}]
    params = {**PARAMS, "ratio": 1.0, "learned_skip": 0.2}
    lengths = (source_lengths, target_lengths)
    guess = [(0, 1, 0, 2), (1, 2, 2, 3), (2, 3, 3, 4), (3, 4, 4, 5)]
    target_glue = np.array([1.0 if glued else 0.0, 0.0, 0.0, 0.0])
    model = fit_model(
        Scorer(*lengths, source_keys, target_keys, params),
        guess,
        params,
        (np.zeros(3), target_glue),
    )
    path = cheapest_path(*lengths, source_keys, target_keys, params, None, model)
    assert ((0, 1, 0, 2) in path) is glued
    assert ((1, 1, 1, 2) in path) is not glued
