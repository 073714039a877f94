"""Language identification: deterministic langdetect judgements and letter-weighted majority."""

from __future__ import annotations

from workbench.ingest.langid import (
    UNDETERMINED,
    detect_language,
    letter_count,
    majority_language,
    same_language,
)

SWEDISH = "Biblioteket i byn håller öppet även på lördagar från och med juni i år."
ENGLISH = "The library in the village will also open on Saturdays from June this year."


def test_detects_swedish_and_english_with_high_probability() -> None:
    assert detect_language(SWEDISH)[0] == "sv"
    assert detect_language(ENGLISH)[0] == "en"
    assert detect_language(SWEDISH)[1] > 0.9


def test_detection_is_deterministic() -> None:
    mixed = "Hej hello tack thanks ja yes nej no kanske maybe"
    assert len({detect_language(mixed) for _ in range(5)}) == 1


def test_too_few_letters_is_undetermined() -> None:
    assert detect_language("Kommentar (0)") == (UNDETERMINED, 0.0)
    assert detect_language("12 345 678 !!") == (UNDETERMINED, 0.0)
    assert detect_language("") == (UNDETERMINED, 0.0)


def test_urls_and_addresses_do_not_count_as_letters() -> None:
    assert detect_language("Källa: https://baolaichau.vn/xa-hoi/lai-chau-mo-rong") == (
        UNDETERMINED,
        0.0,
    )
    assert detect_language(f"{SWEDISH} https://example.com/some/english/words")[0] == "sv"


def test_region_suffixes_are_dropped() -> None:
    assert detect_language("这是一个用于测试语言检测的中文句子，内容很普通。")[0] == "zh"


def test_majority_weighs_by_letters_and_ignores_undetermined() -> None:
    samples = [("Kort.", "en"), (SWEDISH, "sv"), ("Hej", UNDETERMINED), ("Also short.", "en")]
    assert majority_language(samples) == "sv"
    assert majority_language([("Hej", UNDETERMINED)]) == UNDETERMINED
    assert majority_language([]) == UNDETERMINED


def test_majority_counts_confusable_scandinavian_languages_together() -> None:
    samples = [(SWEDISH, "sv"), (SWEDISH, "da"), (SWEDISH + SWEDISH, "no"), (ENGLISH * 3, "en")]
    assert majority_language(samples) == "no"
    assert majority_language([(SWEDISH * 2, "sv"), ("x" * 10, "da"), (ENGLISH * 2, "en")]) == "sv"


def test_same_language_families() -> None:
    assert same_language("sv", "sv")
    assert same_language("sv", "da") and same_language("no", "sv")
    assert not same_language("sv", "en")
    assert not same_language("sv", UNDETERMINED)


def test_letter_count() -> None:
    assert letter_count("Åsa 3 år, 2 ö!") == 6


def test_the_compiled_profiles_judge_exactly_as_langdetects_own(
    tmp_path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    from workbench.ingest import langid

    reference = DetectorFactory()
    reference.load_profile(PROFILES_DIRECTORY)
    reference.seed = 0
    texts = [
        SWEDISH,
        ENGLISH,
        "Hej hello tack thanks ja yes nej no kanske maybe",
        "Dette er dansk.",
    ]

    def judged(factory: DetectorFactory, text: str) -> list[tuple[str, float]]:
        detector = factory.create()
        detector.append(text)
        return [(p.lang, p.prob) for p in detector.get_probabilities()]

    monkeypatch.setenv("WORKBENCH_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(langid, "_factory", None)
    built = langid.detector_factory()  # compiles the cache
    assert list((tmp_path / "cache").glob("langdetect-*"))

    def refuse(*args: object) -> None:
        raise AssertionError("the profiles were parsed, not loaded from the cache")

    monkeypatch.setattr(DetectorFactory, "load_profile", refuse)
    monkeypatch.setattr(langid, "_factory", None)
    cached = langid.detector_factory()
    for text in texts:
        assert judged(built, text) == judged(cached, text) == judged(reference, text)
