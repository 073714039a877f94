"""Translation memory: normalisation, exact and fuzzy matching, and word diffs."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from workbench.textkeys import normalise
from workbench.translate.memory import TMLookup, TMMatch, TranslationMemory, diff

PAIRS = [
    ("Jag köpte en ny bil igår.", "I bought a new car yesterday."),
    ("Det regnar i Stockholm.", "It is raining in Stockholm."),
    (
        "Regeringen presenterade budgeten på tisdagen.",
        "The government presented the budget on Tuesday.",
    ),
    ("Hej!", "Hi!"),
    ("Han är 30 år gammal.", "He is 30 years old."),
]


@pytest.fixture(scope="module")
def memory() -> TranslationMemory:
    return TranslationMemory(PAIRS)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("  Hej   DU\n", "hej du"),
        ("„Ja”, sa hon – «nej»", '"ja", sa hon - "nej"'),
        ("it’s ‘fine’", "it's 'fine'"),
        ("ﬁ\u00a0ﬂ", "fi fl"),
        ("Stra\u00dfe", "strasse"),
        ("so\u00adft\u200bhyphen", "softhyphen"),
        ("Klart?", "klart?"),
    ],
)
def test_normalise(text: str, key: str) -> None:
    assert normalise(text) == key


def test_exact_ignores_case_spacing_and_typography(memory: TranslationMemory) -> None:
    assert memory.exact("jag köpte en  ny bil igår.") == "I bought a new car yesterday."
    assert memory.exact("HEJ!") == "Hi!"


def test_exact_keeps_punctuation_and_digits(memory: TranslationMemory) -> None:
    assert memory.exact("Hej.") is None
    assert memory.exact("Han är 40 år gammal.") is None
    assert memory.exact("Jag köpte en ny bil igår") is None


def test_last_pair_for_a_key_wins_and_empty_sources_are_dropped() -> None:
    memory = TranslationMemory([("Hej!", "Hello!"), ("  ", "blank"), ("HEJ!", "Hi!")])
    assert len(memory) == 1
    assert memory.exact("hej!") == "Hi!"


def test_fuzzy_score_is_indel_ratio_of_normalised_text(memory: TranslationMemory) -> None:
    # "köpte"/"köper" share 4 of 5 letters and the rest of the 25 characters is equal:
    # 2 × 24 / (25 + 25) = 96 %.
    assert memory.fuzzy("Jag KÖPER en ny bil igår.") == [
        TMMatch("Jag köpte en ny bil igår.", "I bought a new car yesterday.", 96.0)
    ]


def test_fuzzy_respects_threshold_and_limit(memory: TranslationMemory) -> None:
    text = "Det regnar i Göteborg."
    score = fuzz.ratio(normalise(text), normalise("Det regnar i Stockholm."))
    assert 60 < score < 75
    assert memory.fuzzy(text) == []
    assert memory.fuzzy(text, threshold=60) == [
        TMMatch("Det regnar i Stockholm.", "It is raining in Stockholm.", round(score, 1))
    ]
    assert memory.fuzzy("Jag köper en ny bil igår.", limit=0) == []
    assert memory.fuzzy("") == []


def test_fuzzy_orders_best_first() -> None:
    memory = TranslationMemory(
        [
            ("Vi ses i morgon bitti, kära du.", "See you early tomorrow, dear."),
            ("Vi ses i morgon.", "See you tomorrow."),
            ("Vi ses i morgon kväll.", "See you tomorrow night."),
        ]
    )
    # The query shares "vi ses i morgon" (15 characters) with each: 2 × 15 / (16 + length).
    assert [(match.target, match.score) for match in memory.fuzzy("Vi ses i morgon!", 60)] == [
        ("See you tomorrow.", 93.8),
        ("See you tomorrow night.", 78.9),
        ("See you early tomorrow, dear.", 63.8),
    ]


def test_fuzzy_finds_what_exhaustive_scoring_finds() -> None:
    subjects = ["Jag", "Hon", "Min granne", "Läraren", "Barnen på gården"]
    verbs = ["köpte", "sålde", "lånade", "tvättade", "målade om"]
    objects = ["en ny bil", "huset vid sjön", "den gamla cykeln", "två böcker", "alla stolar"]
    times = ["igår.", "i förra veckan.", "på söndagen.", "efter jobbet.", "innan jul."]
    sentences = [" ".join(words) for words in itertools.product(subjects, verbs, objects, times)]
    memory = TranslationMemory((sentence, sentence.upper()) for sentence in sentences)
    keys = [normalise(sentence) for sentence in sentences]
    queries = [
        "Jag köper en ny bil igår.",
        "Hon sålde huset vid sjön igår!",
        "Min granne lånade den gamla cykeln på lördagen.",
        "Barnen på gården målade alla stolar innan påsk.",
        "Läraren tvättade två böcker",
    ]
    for query in queries:
        expected = process.extract(
            normalise(query), keys, scorer=fuzz.ratio, limit=3, score_cutoff=75
        )
        assert expected, query
        assert [match.score for match in memory.fuzzy(query)] == [
            round(score, 1) for _, score, _ in expected
        ]


def test_lookup_many_prefers_exact_then_fuzzy(memory: TranslationMemory) -> None:
    lookups = memory.lookup_many(["hej!", "Jag köper en ny bil igår.", "Något helt annat."])
    assert lookups[0] == TMLookup("hej!", TMMatch("Hej!", "Hi!", 100.0), ())
    assert lookups[1].exact is None
    assert [match.target for match in lookups[1].fuzzy] == ["I bought a new car yesterday."]
    assert lookups[2] == TMLookup("Något helt annat.", None, ())


def test_odd_characters_do_not_break_the_index() -> None:
    memory = TranslationMemory([("Trasig \ud800 text\x00 här.", "Broken."), ("Hej!", "Hi!")])
    assert memory.exact("trasig \ud800 text här.") == "Broken."
    assert [match.target for match in memory.fuzzy("Trasig text här.")] == ["Broken."]


def test_empty_memory_matches_nothing() -> None:
    memory = TranslationMemory([])
    assert len(memory) == 0
    assert memory.exact("Hej!") is None
    assert memory.lookup_many(["Hej!"]) == [TMLookup("Hej!", None, ())]


def test_diff_marks_changed_words() -> None:
    assert diff("Jag köpte en ny bil igår.", "Jag köper en ny bil i dag.") == [
        ("equal", "Jag "),
        ("delete", "köpte"),
        ("insert", "köper"),
        ("equal", " en ny bil "),
        ("delete", "igår"),
        ("insert", "i dag"),
        ("equal", "."),
    ]


def test_diff_joins_a_replacement_across_spaces() -> None:
    assert diff("du där borta", "ni här borta") == [
        ("delete", "du där"),
        ("insert", "ni här"),
        ("equal", " borta"),
    ]
    assert diff("Hej", "Hej, du") == [("equal", "Hej"), ("insert", ", du")]
    assert diff("", "") == []


@given(st.text(alphabet="ab .,xy\n", max_size=40), st.text(alphabet="ab .,xy\n", max_size=40))
def test_diff_rebuilds_both_texts(a: str, b: str) -> None:
    runs = diff(a, b)
    assert "".join(text for op, text in runs if op != "insert") == a
    assert "".join(text for op, text in runs if op != "delete") == b
    assert all(text for _, text in runs)
    assert all(first[0] != second[0] for first, second in itertools.pairwise(runs))


def test_the_stored_exact_match_is_the_one_the_memory_lets_win(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from workbench.store import Store

    pairs = [
        ("Hej då!", "Bye!", "sv", "en"),
        ("hej  DÅ!", "Goodbye!", "sv-SE", "en"),
        ("Hej då!", "Cheerio!", "sv", "en-GB"),
        ("Tack.", "Thanks.", "sv", "en"),
    ]
    with Store.open(tmp_path / "tm.db") as store:
        store.memory.add_pairs(pairs, source_lang="sv", target_lang="en")
        for wanted in (("sv", "en"), ("sv-SE", "en-GB"), ("sv", "en-US")):
            memory = TranslationMemory(store.memory.pairs(*wanted))
            assert store.memory.exact("Hej då!", *wanted) == memory.exact("Hej då!")
        assert store.memory.exact("Hej igen!", "sv", "en") is None
        assert store.memory.exact("Tack.", "de", "en") is None
