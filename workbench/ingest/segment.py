"""Stage 2: split a paragraph into sentence spans which, with the whitespace between, rebuild it.

Boundaries come from sentencex (Wikimedia; Rust, linear, character offsets, ~300 languages and
their terminators). We chose it over sentence-splitter (Moses/Koehn), whose Python loop is
quadratic (0.8 s on 200,000 characters), loses offsets and whose Swedish list blocks breaks after
"mat.", "med.", "sport."; sentencex in turn treats "det." as an abbreviation and breaks after
"t.ex." before lowercase, so every gap after a terminator is re-decided here with curated Swedish
and English abbreviations, initials, numbers, URLs, quotes, ellipses and dialogue dashes; other
languages keep sentencex's call where our lists know nothing. We only ever cut at whitespace.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

import sentencex

from workbench.errors import InputError

MIN_MAX_CHARS = 20

# languages whose abbreviations and sentence habits the lists below cover
_RULED_LANGUAGES = frozenset({"sv", "en", "da", "no", "nb", "nn"})

# never end a sentence: a capital after them is a name or a noun, not a new sentence
_NEVER_FINAL = frozenset(
    """
    t.ex bl.a s.k d.v.s dvs fr.o.m t.o.m p.g.a m.a.o i.st.f f.d fr.a t.f kl resp jfr jmf ca
    cirka inkl exkl enl ang avd ev fö hr dir doc prof
    Mr Mrs Ms Mx Dr Prof St Mt Messrs Mme Mlle Rev Gen Col Capt Lt Sgt Gov Sen Rep Supt Cmdr
    vs cf e.g i.e viz approx esp incl excl Dept
    """.split()
)
# may end a sentence: break only when a capital follows
_TERMINAL = frozenset(
    """
    etc m.m osv o.s.v m.fl o.d o.dyl e.d kr st e.Kr f.Kr f.v.t v.t
    Inc Ltd Co Corp Jr Sr Bros a.m p.m Ph.D PhD
    jan feb mar apr jun jul aug sep sept okt nov dec
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    """.split()
)
# never end a sentence when a number follows ("kl. 14.30", "No. 5", "Jan. 2020")
_NUMBER_PREFIXES = _TERMINAL | frozenset(
    """
    kl nr Nr No no Nos nos s sid kap tel vol Vol fig Fig tab art Art p pp sec Sec ch Ch
    eq Eq ref Ref min tim
    """.split()
)

_TERMINATORS = ".!?…‽"
_CLOSERS = "\"'”’»«)]}›‹"
_OPENERS = "\"'“”‘’«»„‚([{‹›¿¡–—"
_DASHES = frozenset({"-", "–", "—"})
_TOKEN_RE = re.compile(r"\S+")
_LIST_NUMBER_RE = re.compile(r"\d{1,3}[.)]")
# a quotation: guillemets either way, curly or straight double quotes, „German“; one paragraph
_QUOTATION_RE = re.compile(r'«[^«»]*»|»[^«»]*«|“[^“”]*”|”[^”“]*”|„[^„“”]*[“”]|"[^"]*"')
_WHITESPACE_RE = re.compile(r"\s")
_ACRONYM_RE = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_URL_RE = re.compile(r"[/@]|^www\.|\.(?:com|org|net|se|nu|io|gov|edu|eu|uk|de|fi|no|dk)$", re.I)
_CONJUNCTIONS = (
    "och men eller samt utan eftersom medan därför vilket vilka som när där att "
    "and but or nor yet so because while whereas which who where when that"
).split()
_SPLIT_TIERS = (
    re.compile(r"[;][" + re.escape(_CLOSERS) + r"]*(?=\s)"),
    re.compile(r"[:][" + re.escape(_CLOSERS) + r"]*(?=\s)"),
    re.compile(r"(?<=\S)(?=\s+[–—]\s)"),
    re.compile(r"[,][" + re.escape(_CLOSERS) + r"]*(?=\s)"),
    re.compile(r"(?<=\S)(?=\s+(?:" + "|".join(_CONJUNCTIONS) + r")\s)", re.IGNORECASE),
    re.compile(r"(?<=[^\s\d])(?=\s)|(?<=\S)(?=\s+\D)"),
)


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    """A sentence as a half-open character range of its paragraph."""

    start: int
    end: int

    def text(self, paragraph: str) -> str:
        """The sentence's text, cut from the paragraph it came from."""
        return paragraph[self.start : self.end]


def split_sentences(paragraph: str, lang: str, max_chars: int = 400) -> list[SentenceSpan]:
    """Split `paragraph` into stripped sentence spans; pieces longer than `max_chars` are cut."""
    if max_chars < MIN_MAX_CHARS:
        raise InputError(f"max_chars must be at least {MIN_MAX_CHARS}, not {max_chars}")
    tokens = [match.span() for match in _TOKEN_RE.finditer(paragraph)]
    if not tokens:
        return []
    proposed = _library_starts(paragraph, tokens, lang)
    ruled = lang.split("-")[0].lower() in _RULED_LANGUAGES
    candidates = sorted(
        {index - 1 for index in proposed}
        | {
            index
            for index, (_, end) in enumerate(tokens[:-1])
            if paragraph[end - 1] in _TERMINATORS or paragraph[end - 1] in _CLOSERS
        }
    )
    # sentencex never breaks inside a quotation; for languages our rules cover that is moot,
    # for the others a sentence inside « … » or ” … ” is still a sentence
    quoted = [] if ruled else [match.span() for match in _QUOTATION_RE.finditer(paragraph)]
    spans: list[SentenceSpan] = []
    first = 0
    for index in candidates:
        if index == 0 and _LIST_NUMBER_RE.fullmatch(paragraph[slice(*tokens[0])]):
            continue  # "1. Skolan får …": a numbered item, not a one-word sentence
        following = paragraph[slice(*tokens[index + 2])] if index + 2 < len(tokens) else ""
        end = tokens[index][1]
        if _breaks(
            paragraph[slice(*tokens[index])],
            paragraph[slice(*tokens[index + 1])],
            following,
            index + 1 in proposed,
            ruled or any(start < end < stop - 1 for start, stop in quoted),
        ):
            spans.extend(_cut_long(paragraph, tokens[first][0], tokens[index][1], max_chars))
            first = index + 1
    spans.extend(_cut_long(paragraph, tokens[first][0], tokens[-1][1], max_chars))
    return spans


def _library_starts(paragraph: str, tokens: list[tuple[int, int]], lang: str) -> set[int]:
    """Indices of tokens that sentencex says start a sentence (cuts inside a token are ignored)."""
    # newlines inside a paragraph are plain whitespace; sentencex would take them as breaks
    flat = _WHITESPACE_RE.sub(" ", paragraph)
    starts = [start for start, _ in tokens]
    proposed: set[int] = set()
    for boundary in sentencex.get_sentence_boundaries(lang or "en", flat)[1:]:
        offset = boundary["start_index"]
        index = bisect.bisect_left(starts, offset)
        if index < len(starts) and not flat[offset : starts[index]].strip():
            proposed.add(index)
    return proposed


def _breaks(left: str, right: str, following: str, proposed: bool, ruled: bool) -> bool:
    """Whether a sentence ends between the tokens `left` and `right` (`following` comes next)."""
    core = left.rstrip(_CLOSERS)
    closed = len(core) < len(left)
    if right in _DASHES and following:
        # a dialogue dash after a finished sentence opens the next one
        right = following
    start = right.lstrip(_OPENERS)
    if not core or not start:
        return proposed
    first = start[0]
    if first.islower() or first in _TERMINATORS or first in ",;:":
        # a sentence never opens lowercase or with stray punctuation (". . Next")
        return False
    capital = first.isalpha()  # upper, title or caseless: lowercase returned above
    if core[-1] not in _TERMINATORS:
        return proposed
    if core[-1] in "?!‽":
        return capital or first.isdigit()
    if core.endswith(("…", "..")):
        return capital
    if not (capital or first.isdigit()):
        return proposed
    if closed:
        return True
    word = core[:-1].lstrip(_OPENERS)
    if not word:
        return capital or proposed
    if _is_abbreviation(word, _NEVER_FINAL) or _is_initial(word):
        return False
    if first.isdigit() and _is_abbreviation(word, _NUMBER_PREFIXES):
        return False
    if _is_abbreviation(word, _TERMINAL) or _URL_RE.search(word):
        return True
    if _ACRONYM_RE.fullmatch(word):
        # an unknown dotted acronym ("U.S.") ends a sentence less often than it precedes a noun
        return False
    return True if ruled else proposed


def _is_abbreviation(word: str, table: frozenset[str]) -> bool:
    # "T.ex." or "Kl." open a sentence with a capital but are the same abbreviation
    return word in table or (word[0].isupper() and word[0].lower() + word[1:] in table)


def _is_initial(word: str) -> bool:
    return len(word) == 1 and word.isalpha()


def _cut_long(paragraph: str, start: int, end: int, max_chars: int) -> list[SentenceSpan]:
    """Cut the span into pieces of at most `max_chars` at the most natural breaks available."""
    pieces: list[SentenceSpan] = []
    next_space = start  # first whitespace at or after some limit; reused while still ahead
    while end - start > max_chars:
        limit = start + max_chars
        cut = _natural_cut(paragraph, start, limit)
        if cut is None:
            # one word runs past the limit: keep it whole up to the next whitespace, if any
            if next_space < limit:
                match = _WHITESPACE_RE.search(paragraph, limit, end)
                next_space = match.start() if match else end
            cut = _around_whitespace(paragraph, next_space) if next_space < end else None
        if cut is None:
            position = limit
            while position > start + 1 and unicodedata.combining(paragraph[position]):
                position -= 1
            cut = (position, position)
        pieces.append(SentenceSpan(start, cut[0]))
        start = cut[1]
    pieces.append(SentenceSpan(start, end))
    return pieces


def _natural_cut(paragraph: str, start: int, limit: int) -> tuple[int, int] | None:
    """The best cut within `max_chars` of `start`: the end of the first part, start of the rest."""
    low = start + max(1, (limit - start) // 3)
    for tier in _SPLIT_TIERS:
        last = None
        for match in tier.finditer(paragraph, low, limit + 1):
            if match.end() <= limit:
                last = match
        if last is not None:
            return _around_whitespace(paragraph, last.end())
    last = None
    for match in _WHITESPACE_RE.finditer(paragraph, start + 1, low):
        last = match
    return _around_whitespace(paragraph, last.start()) if last is not None else None


def _around_whitespace(paragraph: str, position: int) -> tuple[int, int]:
    """The stripped end before, and the start after, the whitespace run at `position`."""
    left_end = position
    while paragraph[left_end - 1].isspace():
        left_end -= 1
    right_start = position
    while paragraph[right_start].isspace():
        right_start += 1
    return left_end, right_start
