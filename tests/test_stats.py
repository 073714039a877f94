"""Post-editing statistics against hand-computed TER, chrF, edit distance and medians."""

from __future__ import annotations

import pytest

from workbench.errors import InputError
from workbench.stats import UNKNOWN_REVIEWER, EffortRow, edit_effort, summarise

EPSILON = 1e-6


def test_one_substitution_in_four_words_is_ter_25() -> None:
    effort = edit_effort("the cat sat down", "the dog sat down")
    assert effort.ter == pytest.approx(25.0, abs=EPSILON)
    assert effort.char_distance == 3  # c→d, a→o, t→g
    assert not effort.unchanged


def test_edits_are_counted_per_word_of_the_final_text() -> None:
    # Two words deleted over a two-word final text; one inserted over a three-word one.
    assert edit_effort("a very good day", "good day").ter == pytest.approx(100.0, abs=EPSILON)
    assert edit_effort("good day", "a good day").ter == pytest.approx(100 / 3, abs=EPSILON)


def test_chrf_of_one_changed_character() -> None:
    # Character 1-grams match 2 of 3, 2-grams 1 of 2, 3-grams 0 of 1 (precision = recall):
    # chrF = mean F over the three orders present = (2/3 + 1/2 + 0) / 3.
    effort = edit_effort("abc", "abd")
    assert effort.chrf == pytest.approx(100 * (2 / 3 + 1 / 2 + 0) / 3, abs=EPSILON)
    assert effort.char_distance == 1


def test_untouched_segment_is_no_effort() -> None:
    effort = edit_effort("Hello there.", "Hello there.")
    assert (effort.ter, effort.chrf, effort.char_distance, effort.unchanged) == (
        0.0,
        100.0,
        0,
        True,
    )
    assert edit_effort("", "").chrf == 100.0


def test_whitespace_only_edit_is_a_change() -> None:
    effort = edit_effort("Hello there.", "Hello there. ")
    assert not effort.unchanged
    assert effort.char_distance == 1


def _row(document: str, reviewer: str | None, mt: str, final: str, minutes: int) -> EffortRow:
    return EffortRow(
        document=document,
        reviewer=reviewer,
        mt=mt,
        final=final,
        translated_at="2025-11-15T10:00:00+00:00",
        approved_at=f"2025-11-15T{10 + minutes // 60:02d}:{minutes % 60:02d}:00+00:00",
    )


def test_summary_per_document_and_reviewer() -> None:
    rows = [
        _row("a.txt", "eva", "the cat sat down", "the dog sat down", 10),  # TER 25
        _row("a.txt", "eva", "Good morning.", "Good morning.", 30),  # unchanged
        _row("b.txt", "olle", "one two", "one three", 90),  # TER 50
        _row("b.txt", None, "x y z w", "x y z w", 20),
    ]
    summary = summarise(rows)

    assert summary.overall.segments == 4
    assert summary.overall.mean_ter == pytest.approx((25 + 0 + 50 + 0) / 4, abs=EPSILON)
    assert summary.overall.share_unchanged == pytest.approx(0.5)
    assert summary.overall.median_seconds_to_approval == pytest.approx((20 + 30) / 2 * 60)

    documents = {group.name: group for group in summary.per_document}
    assert list(documents) == ["a.txt", "b.txt"]
    assert documents["a.txt"].mean_ter == pytest.approx(12.5, abs=EPSILON)
    assert documents["a.txt"].median_seconds_to_approval == pytest.approx(20 * 60)
    assert documents["b.txt"].mean_char_distance == pytest.approx((4 + 0) / 2)

    reviewers = {group.name: group for group in summary.per_reviewer}
    assert set(reviewers) == {"eva", "olle", UNKNOWN_REVIEWER}
    assert reviewers["eva"].segments == 2
    assert reviewers["eva"].share_unchanged == pytest.approx(0.5)
    assert reviewers["olle"].mean_ter == pytest.approx(50.0, abs=EPSILON)
    assert reviewers[UNKNOWN_REVIEWER].median_seconds_to_approval == pytest.approx(20 * 60)


def test_naive_timestamps_are_utc_and_mix_with_aware_ones() -> None:
    row = EffortRow("a", "eva", "x", "x", "2025-01-01T12:00:00", "2025-01-01T13:30:00Z")
    assert summarise([row]).overall.median_seconds_to_approval == pytest.approx(5400.0)


def test_empty_summary_is_zero() -> None:
    summary = summarise([])
    assert summary.overall.segments == 0
    assert summary.per_document == ()
    assert summary.per_reviewer == ()


def test_bad_timestamp_names_the_document() -> None:
    row = EffortRow("report.txt", "eva", "x", "y", "yesterday", "2025-01-01T13:30:00")
    with pytest.raises(InputError, match="report.txt"):
        summarise([row])
