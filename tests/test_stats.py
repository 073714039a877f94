"""Post-editing statistics against hand-computed TER, chrF, edit distance and time to approval.

The store's SQL aggregate is checked against the per-segment computation in test_stats_store.py.
"""

from __future__ import annotations

import pytest

from workbench.errors import InputError
from workbench.measures import edit_effort, seconds_to_approval

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


def test_naive_timestamps_are_utc_and_mix_with_aware_ones() -> None:
    assert seconds_to_approval("2025-01-01T12:00:00", "2025-01-01T13:30:00Z") == pytest.approx(5400)


def test_bad_timestamp_is_named() -> None:
    with pytest.raises(InputError, match="yesterday"):
        seconds_to_approval("yesterday", "2025-01-01T13:30:00")
