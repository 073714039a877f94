"""What sentences may share across languages: anchor keys, folded words, and the word lexicon
one alignment pass learns for the next. Pure text and counting, no costs.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict

from workbench.align.model import Path
from workbench.quality.anchors import cognate_keys, find_anchors, fold, name_tokens

_WORD_RE = re.compile(r"[^\W\d_]+")
_PUNCTUATION = {"?": "?", "!": "!", ":": ":", ";": ";", "(": "(", '"': '"', "«": '"', "“": '"'}


def sentence_keys(text: str, lang: str) -> set[str]:
    """What may survive translation: anchors, names, cognate prefixes and marked punctuation."""
    keys = {("#" if a.kind == "number" else "@") + a.value for a in find_anchors(text, lang)}
    keys.update("n" + fold(name) for name in name_tokens(text))
    keys.update("c" + key for key in cognate_keys(text))
    keys.update("p" + mark for char, mark in _PUNCTUATION.items() if char in text)
    return keys


def sentence_words(text: str) -> set[str]:
    """Folded words, the units of the learned lexicon."""
    return {fold(word) for word in _WORD_RE.findall(text)}


def learn_lexicon(
    path: Path,
    source_words: list[set[str]],
    target_words: list[set[str]],
    params: dict[str, float],
) -> dict[str, list[str]]:
    """Word pairs that co-occur in the beads of a first alignment far more than by chance."""
    source_count: defaultdict[str, int] = defaultdict(int)
    target_count: defaultdict[str, int] = defaultdict(int)
    joint: Counter[tuple[str, str]] = Counter()
    paired = [
        (set().union(*source_words[s0:s1]), set().union(*target_words[t0:t1]))
        for s0, s1, t0, t1 in path
        if s0 < s1 and t0 < t1
    ]
    for left, right in paired:
        for word in left:
            source_count[word] += 1
        for word in right:
            target_count[word] += 1
    least = params["lex_min"]
    for left, right in paired:
        # A word seen in fewer beads than the minimum can never make the lexicon.
        joint.update(
            itertools.product(
                [w for w in left if source_count[w] >= least],
                [w for w in right if target_count[w] >= least],
            )
        )
    beads = len(paired)
    lexicon: defaultdict[str, list[str]] = defaultdict(list)
    for (s_word, t_word), together in joint.items():
        if together < params["lex_min"]:
            continue
        sources, targets = source_count[s_word], target_count[t_word]
        # Frequent words meet often by chance; demand several times the chance rate too.
        if (
            2 * together / (sources + targets) >= params["lex_dice"]
            and together >= params["lex_chance"] * sources * targets / beads
        ):
            lexicon[s_word].append(t_word)
    return dict(lexicon)


def add_lexicon(
    source_keys: list[set[str]],
    target_keys: list[set[str]],
    source_words: list[set[str]],
    target_words: list[set[str]],
    lexicon: dict[str, list[str]],
) -> None:
    """Give both sentences of a lexicon pair the same key, so the pair counts as shared."""
    reverse: defaultdict[str, list[str]] = defaultdict(list)
    for s_word, t_words in lexicon.items():
        for t_word in t_words:
            reverse[t_word].append(s_word)
    for keys, words in zip(source_keys, source_words, strict=True):
        keys.update(f"x{s}|{t}" for s in words for t in lexicon.get(s, ()))
    for keys, words in zip(target_keys, target_words, strict=True):
        keys.update(f"x{s}|{t}" for t in words for s in reverse.get(t, ()))


def add_confirmed(
    path: Path,
    source_keys: list[set[str]],
    target_keys: list[set[str]],
    source_extra: list[set[str]],
    target_extra: list[set[str]],
    least_dice: float,
) -> None:
    """Add the extra keys that the beads of `path` pair at least `least_dice` of the time (Dice
    of the beads holding the key on each side, met within one bead), to both sides' keys."""
    lefts = [set().union(*source_extra[s0:s1]) for s0, s1, _, _ in path]
    rights = [set().union(*target_extra[t0:t1]) for _, _, t0, t1 in path]
    source_count = Counter(key for left in lefts for key in left)
    target_count = Counter(key for right in rights for key in right)
    joint: Counter[str] = Counter()
    # A pair counts as met in a bead or the beads beside it: the path it is to correct may
    # have put the two sentences one bead apart.
    for k, left in enumerate(lefts):
        joint.update(left.intersection(set().union(*rights[max(0, k - 1) : k + 2])))
    kept = {
        key
        for key, together in joint.items()
        if 2 * together / (source_count[key] + target_count[key]) >= least_dice
    }
    for keys, extra in zip(source_keys, source_extra, strict=True):
        keys.update(extra & kept)
    for keys, extra in zip(target_keys, target_extra, strict=True):
        keys.update(extra & kept)
