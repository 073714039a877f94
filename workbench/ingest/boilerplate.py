"""Decide what each paragraph of a (possibly scraped) page is: title, body, caption or boilerplate.

Reads page structure, not page strings: the largest block of prose is the article core, the title
precedes it, short unpunctuated runs after it and related-content tails are boilerplate. The only
word lists are related-content markers and byline labels in a few common languages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from workbench.ingest.langid import UNDETERMINED, letter_count, same_language
from workbench.ingest.paragraph import Paragraph
from workbench.ingest.segment import split_sentences
from workbench.records import SegmentKind

# a standalone paragraph reading like this starts a related-content tail; with a colon and a
# headline after it, it is one link ("Läs mer: …")
_TAIL_MARKERS = frozenset(
    marker.strip()
    for marker in """
    related posts|related articles|related stories|related news|related content|related|
    read more|read also|read next|see also|more from|more stories|more news|more articles|
    you may also like|you might also like|recommended|recommended for you|most read|most popular|
    popular|trending|latest news|in the same category|by the same author|also read|
    comments|leave a comment|leave a reply|
    relaterat|relaterade artiklar|relaterade nyheter|läs mer|läs också|läs även|se även|mer från|
    mer om|fler artiklar|fler nyheter|mest läst|mest lästa|senaste nytt|senaste nyheterna|
    i samma kategori|av samma författare|kommentarer|kommentera|
    læs også|læs mere|les også|les mer|se også|relaterede artikler|relaterte artikler|
    weitere artikel|mehr zum thema|lesen sie auch|siehe auch|das könnte sie auch interessieren|
    voir aussi|à lire aussi|lire aussi|articles similaires|sur le même sujet|
    tin liên quan|cùng chuyên mục|xem thêm|bài viết liên quan
    """.split("|")
)
# page controls: boilerplate on their own, but they may sit above the article, so start no tail
_CONTROLS = frozenset(
    marker.strip()
    for marker in """
    share|share this|share this article|tweet|email|e-mail|print|copy link|listen|save|follow|
    subscribe|advertisement|tags|dela|dela artikeln|skriv ut|kopiera länk|lyssna|spara|följ|
    prenumerera|annons|taggar|facebook|twitter|linkedin|whatsapp
    """.split("|")
)
_BYLINE_LABELS = (
    "by|av|von|par|door|text|texto|foto|photo|photos|bild|bilder|image|images|illustration|"
    "grafik|graphic|reporter|author|författare|fotograf|photographer|editor|redaktör"
)
_BYLINE_RE = re.compile(
    rf"^(?:{_BYLINE_LABELS})\s*[:/]?\s+"
    r"(?:(?:[^\W\d_][\w.'’-]*|och|and|und|et|&|,)\s*){1,6}$",
    re.IGNORECASE,
)
_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|januari|februari|mars|april|maj|juni|juli|"
    "augusti|september|oktober|november|december|january|february|march|june|july|august|"
    "october|okt"
)
_DATE_RE = re.compile(
    r"(?<!\d)(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})(?!\d)"
    rf"|(?<!\d)\d{{1,2}}\.?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}(?!\d)"
    rf"|\b(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}(?!\d)",
    re.IGNORECASE,
)
_TIME_RE = re.compile(r"(?<!\d)\d{1,2}[:.]\d{2}(?!\d)")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)
_COUNTER_RE = re.compile(r"^[^\W\d_][^()\[\]\d]{0,30}?\s*[(\[]\s*\d+\s*[)\]]$")
_COPYRIGHT_RE = re.compile(r"©|^\(c\)\s|^copyright\b|all rights reserved", re.IGNORECASE)
_SENTENCE_END_RE = re.compile(r"[.!?…]['\"”’»)\]]*$")
_ELLIPSIS_RE = re.compile(r"(?:\.\.\.?|…)['\"”’»)\]]*$")
_HEADLINE_BAD_END_RE = re.compile(r"[.,;:]['\"”’»)\]]*$")
_MARKER_STRIP = " \t\n:：»›>→-–—|•*#"

_FOREIGN_CONFIDENCE = 0.90
_FOREIGN_LETTERS_OUTSIDE_CORE = 20
_FOREIGN_LETTERS_ANYWHERE = 40
_PROSE_MIN_LETTERS = 40
_PROSE_MIN_WORDS = 12
_MENU_MAX_WORDS = 3
_CLUSTER_GAP = 3  # this many menu-like or boilerplate paragraphs in a row split prose blocks
_CORE_SHARE = 0.25  # a prose block this large relative to the biggest also belongs to the core


@dataclass(frozen=True, slots=True)
class _Features:
    """What the classifier knows about one paragraph."""

    text: str
    hint: SegmentKind | None
    words: int
    letters: int
    sentences: int
    single_line: bool
    ends_sentence: bool
    ends_ellipsis: bool
    foreign_letters: int  # letters of a confidently foreign paragraph, else 0


def classify_paragraphs(
    paragraphs: Sequence[Paragraph],
    langs: Sequence[tuple[str, float]],
    doc_lang: str,
    *,
    authored: bool = False,
) -> list[SegmentKind]:
    """One kind per paragraph; `langs` holds each paragraph's (language, probability).

    An `authored` document (Word, LibreOffice, subtitles) has no page chrome: where a
    paragraph stands never makes it boilerplate, only what it says does.
    """
    if len(paragraphs) != len(langs):
        raise ValueError(f"{len(paragraphs)} paragraphs but {len(langs)} language judgements")
    features = [
        _features(paragraph, lang, prob, doc_lang)
        for paragraph, (lang, prob) in zip(paragraphs, langs, strict=True)
    ]
    kinds: list[SegmentKind | None] = [
        SegmentKind.BOILERPLATE if _always_boilerplate(feature) else None for feature in features
    ]
    markers = [_marker(feature.text) for feature in features]
    for index, marker in enumerate(markers):
        if marker is not None:
            kinds[index] = SegmentKind.BOILERPLATE
    prose = [
        kind is None and _is_prose(feature) for kind, feature in zip(kinds, features, strict=True)
    ]
    _mark_tails(kinds, markers, prose, features)
    prose = [kind is None and flag for kind, flag in zip(kinds, prose, strict=True)]
    core = _core_span(kinds, prose, features)
    # without an article core, position says nothing about what is clutter
    scraped = not authored and core is not None and _looks_scraped(kinds, features, markers, core)
    _classify_core(kinds, prose, features, core)
    _classify_outside(kinds, prose, features, core, scraped)
    return [kind or SegmentKind.BODY for kind in kinds]


def _features(paragraph: Paragraph, lang: str, prob: float, doc_lang: str) -> _Features:
    text = paragraph.text.strip()
    letters = letter_count(text)
    foreign = (
        lang != UNDETERMINED
        and doc_lang != UNDETERMINED
        and prob >= _FOREIGN_CONFIDENCE
        and not same_language(lang, doc_lang)
    )
    return _Features(
        text=text,
        hint=paragraph.hint,
        words=len(text.split()),
        letters=letters,
        sentences=len(split_sentences(text, doc_lang, max_chars=100_000)) if text else 0,
        single_line="\n" not in text,
        ends_sentence=bool(_SENTENCE_END_RE.search(text)),
        ends_ellipsis=bool(_ELLIPSIS_RE.search(text)),
        foreign_letters=letters if foreign else 0,
    )


def _always_boilerplate(feature: _Features) -> bool:
    """Boilerplate wherever it stands: foreign text, links, counters, bylines, dates, copyright."""
    text = feature.text
    if feature.hint is SegmentKind.BOILERPLATE or feature.letters == 0:
        return True
    if feature.foreign_letters >= _FOREIGN_LETTERS_ANYWHERE:
        return True
    if _URL_RE.search(text) and len(_URL_RE.sub(" ", text).split()) <= 3:
        return True
    if feature.words <= 4 and _COUNTER_RE.match(text):
        return True
    if feature.words <= 8 and not feature.ends_sentence and _BYLINE_RE.match(text):
        return True
    if feature.words <= 40 and _COPYRIGHT_RE.search(text):
        return True
    if feature.words <= 10 and not feature.ends_sentence and _DATE_RE.search(text):
        # a dateline is the date plus a label or a name, not a clause with lowercase words
        rest = _TIME_RE.sub(" ", _DATE_RE.sub(" ", text)).split()
        return len(rest) <= 6 and sum(word[0].islower() for word in rest) <= 1
    return False


def _marker(text: str) -> str | None:
    """Whether `text` is a related-content heading ("tail"), a page control ("control") or a
    "Marker: headline" link ("link")."""
    lowered = text.lower().strip(_MARKER_STRIP)
    if lowered in _TAIL_MARKERS:
        return "tail"
    if lowered in _CONTROLS:
        return "control"
    head, colon, rest = text.partition(":")
    if colon and rest.strip() and len(text.split()) <= 20:
        if head.lower().strip(_MARKER_STRIP) in _TAIL_MARKERS:
            return "link"
    return None


def _is_prose(feature: _Features) -> bool:
    if feature.letters < _PROSE_MIN_LETTERS:
        return False
    return feature.sentences >= 2 or (feature.words >= _PROSE_MIN_WORDS and feature.ends_sentence)


def _is_menu_like(feature: _Features) -> bool:
    return (
        feature.words <= _MENU_MAX_WORDS
        and not _HEADLINE_BAD_END_RE.search(feature.text)
        and not feature.text.endswith(("!", "?"))
    )


def _is_headline_like(feature: _Features) -> bool:
    return (
        feature.single_line
        and 2 <= feature.words <= 25
        and feature.letters >= 8
        and not _HEADLINE_BAD_END_RE.search(feature.text)
        and not feature.ends_ellipsis
    )


def _mark_tails(
    kinds: list[SegmentKind | None],
    markers: list[str | None],
    prose: list[bool],
    features: list[_Features],
) -> None:
    """From a standalone related-content marker on, everything is boilerplate until the article
    visibly resumes: two or more prose paragraphs in a row holding three or more sentences."""
    index = 0
    while index < len(kinds):
        if markers[index] != "tail":
            index += 1
            continue
        index += 1
        while index < len(kinds) and markers[index] != "tail":
            run_end = index
            while run_end < len(kinds) and prose[run_end] and not features[run_end].ends_ellipsis:
                run_end += 1
            run = range(index, run_end)
            if len(run) >= 2 and sum(features[i].sentences for i in run) >= 3:
                index = run_end
                break
            kinds[index] = SegmentKind.BOILERPLATE
            index += 1


def _core_span(
    kinds: list[SegmentKind | None], prose: list[bool], features: list[_Features]
) -> tuple[int, int] | None:
    """First and last paragraph of the article core: the biggest block of prose and any block
    at least a quarter its size, blocks being split by runs of menus or boilerplate."""
    clusters: list[list[int]] = []
    breakers = 0
    for index, feature in enumerate(features):
        if prose[index]:
            if not clusters or breakers >= _CLUSTER_GAP:
                clusters.append([])
            clusters[-1].append(index)
            breakers = 0
        elif kinds[index] is SegmentKind.BOILERPLATE or _is_menu_like(feature):
            breakers += 1
    if not clusters:
        return None
    sizes = [sum(features[i].letters for i in cluster) for cluster in clusters]
    biggest = max(sizes)
    core = [
        cluster
        for cluster, size in zip(clusters, sizes, strict=True)
        if size >= _CORE_SHARE * biggest
    ]
    return core[0][0], core[-1][-1]


def _looks_scraped(
    kinds: list[SegmentKind | None],
    features: list[_Features],
    markers: list[str | None],
    core: tuple[int, int],
) -> bool:
    """Whether the text carries page furniture, so position alone may call short lines clutter;
    a clean document (a letter, a chapter) keeps its short lines."""
    if any(marker is not None for marker in markers):
        return True
    if any(
        kind is SegmentKind.BOILERPLATE and feature.hint is not SegmentKind.BOILERPLATE
        for kind, feature in zip(kinds, features, strict=True)
    ):
        return True
    run = 0
    for index, feature in enumerate(features):
        inside = core[0] <= index <= core[1]
        run = run + 1 if not inside and _is_menu_like(feature) else 0
        if run >= _CLUSTER_GAP:
            return True
    return False


def _classify_core(
    kinds: list[SegmentKind | None],
    prose: list[bool],
    features: list[_Features],
    core: tuple[int, int] | None,
) -> None:
    """Inside the core everything not yet boilerplate is body, single-sentence asides captions."""
    if core is None:
        return
    start, end = core
    for index in range(start, end + 1):
        if kinds[index] is not None:
            continue
        if features[index].hint in (SegmentKind.TITLE, SegmentKind.CAPTION):
            kinds[index] = features[index].hint
        elif index > start and _is_caption(index, prose, features, kinds, core):
            kinds[index] = SegmentKind.CAPTION
        else:
            kinds[index] = SegmentKind.BODY


def _is_caption(
    index: int,
    prose: list[bool],
    features: list[_Features],
    kinds: list[SegmentKind | None],
    core: tuple[int, int],
) -> bool:
    """A short single sentence between two longer prose paragraphs reads as a photo caption
    (unless the markup said what it is)."""
    feature = features[index]
    if not (
        feature.hint is None
        and feature.sentences == 1
        and 5 <= feature.words <= 45
        and feature.text.endswith(".")
        and not feature.ends_ellipsis
        and feature.single_line
    ):
        return False
    neighbours = []
    for step in (-1, 1):
        other = index + step
        while core[0] <= other <= core[1] and kinds[other] is SegmentKind.BOILERPLATE:
            other += step
        if not core[0] <= other <= core[1]:
            return False
        neighbours.append(other)
    return all(prose[i] and features[i].words > feature.words for i in neighbours)


def _classify_outside(
    kinds: list[SegmentKind | None],
    prose: list[bool],
    features: list[_Features],
    core: tuple[int, int] | None,
    scraped: bool,
) -> None:
    """Title before the core; outside it, short unpunctuated lines and teasers are boilerplate
    on scraped pages, while prose stays body."""
    start, end = core if core is not None else (len(kinds), len(kinds))
    title = _title_index(kinds, features, start)
    for index, feature in enumerate(features):
        if kinds[index] is not None or start <= index <= end:
            continue
        if index == title:
            kinds[index] = SegmentKind.TITLE
        elif feature.hint is SegmentKind.CAPTION:
            kinds[index] = SegmentKind.CAPTION
        elif not scraped:
            kinds[index] = SegmentKind.BODY
        elif feature.foreign_letters >= _FOREIGN_LETTERS_OUTSIDE_CORE:
            kinds[index] = SegmentKind.BOILERPLATE
        elif index > end:
            keep = prose[index] and not feature.ends_ellipsis
            kinds[index] = SegmentKind.BODY if keep else SegmentKind.BOILERPLATE
        elif title is not None and index < title:
            kinds[index] = SegmentKind.BODY if prose[index] else SegmentKind.BOILERPLATE
        else:
            menu = _is_menu_like(feature)
            kinds[index] = SegmentKind.BOILERPLATE if menu else SegmentKind.BODY


def _title_index(
    kinds: list[SegmentKind | None], features: list[_Features], core_start: int
) -> int | None:
    """The hinted title, else the first headline-like paragraph before the core with no menu
    item between it and the core, else the last headline-like one."""
    for index, feature in enumerate(features):
        if feature.hint is SegmentKind.TITLE and kinds[index] is None:
            return index
    candidates = [
        index
        for index in range(min(core_start, len(features)))
        if kinds[index] is None
        and _is_headline_like(features[index])
        and features[index].foreign_letters < _FOREIGN_LETTERS_OUTSIDE_CORE
    ]
    for index in candidates:
        between = range(index + 1, min(core_start, len(features)))
        if features[index].words >= 3 and not any(
            kinds[i] is None and _is_menu_like(features[i]) for i in between
        ):
            return index
    return candidates[-1] if candidates else None
