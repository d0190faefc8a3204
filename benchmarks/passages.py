"""Planted passages: real documents with passages of another real document pasted in.

Used by ``benchmarks/calibrate.py`` (fit the provenance floor, the class boundaries and the
passage sizes on one part of the data) and ``benchmarks/quality.py`` (score on another part).

A *source* document S and a *host* document H (a different text) make one pair: A is S as
written, B is H with 1-4 passages of 1-5 consecutive segments of S inserted at random positions
between H's paragraphs, in random order.  A passage is planted

* ``verbatim`` -- S's own segments;
* ``light`` -- the same with 10% of the words replaced by words of H;
* ``paraphrased`` -- the other human translation of the same segments (WMT22 ref_B, the German
  paraphrased references), so the passage says the same thing in other words.

Nothing here is copied into the repository: every text is read from ``../shared/data``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from core import Comparison
from core.model import Passage

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
GERMAN = DATA / "wmt19_ende_paraphrased_refs_google"
GUTENBERG = DATA / "gutenberg"
MODES = ("verbatim", "light", "paraphrased")
LIGHT_EDIT_SHARE = 0.1
COVERED = 0.8  # a found passage must cover this share of a planted passage's words
GERMAN_DOCUMENT_LINES = 16
# quality.py scores the first documents of the German file; calibrate.py may fit on the rest.
GERMAN_SCORED_DOCUMENTS = 60
GUTENBERG_DOCUMENT_SENTENCES = 30

_WORD_RE = re.compile(r"\w+")
_SENTENCE_END_RE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"'“‘(]?[A-Z])")


@dataclass(frozen=True)
class SourceDocument:
    """A document as segments, and (when there is one) its paraphrase segment by segment."""

    name: str
    segments: tuple[str, ...]
    paraphrase: tuple[str, ...] | None


@dataclass(frozen=True)
class PlantedPair:
    a_text: str
    b_text: str
    mode: str  # verbatim / light / paraphrased / none (unrelated pair)
    b_spans: tuple[tuple[int, int], ...]  # planted passages in B
    a_spans: tuple[tuple[int, int], ...]  # their source segments in A (same order)
    name: str


def wmt22_sources(documents: Sequence[object], min_segments: int = 6) -> list[SourceDocument]:
    """WMT22 documents (ref_A, with ref_B as the paraphrase), non-empty segments only."""
    sources = []
    for document in documents:
        columns = document.columns  # type: ignore[attr-defined]
        pairs = [
            (a.strip(), b.strip())
            for a, b in zip(columns["ref_A"], columns["ref_B"], strict=True)
            if a.strip() and b.strip()
        ]
        if len(pairs) >= min_segments:
            sources.append(
                SourceDocument(
                    document.docid,  # type: ignore[attr-defined]
                    tuple(a for a, _ in pairs),
                    tuple(b for _, b in pairs),
                )
            )
    return sources


def german_sources(limit: int | None = None) -> list[SourceDocument]:
    """newstest2019 German reference lines in blocks, with Google's human paraphrase of each."""
    plain = (GERMAN / "wmt19-ende-ar.ref").read_text(encoding="utf-8").splitlines()
    paraphrased = (GERMAN / "wmt19-ende-arp.ref").read_text(encoding="utf-8").splitlines()
    sources = []
    for start in range(0, len(plain) - GERMAN_DOCUMENT_LINES + 1, GERMAN_DOCUMENT_LINES):
        pairs = [
            (a.strip(), b.strip())
            for a, b in zip(
                plain[start : start + GERMAN_DOCUMENT_LINES],
                paraphrased[start : start + GERMAN_DOCUMENT_LINES],
                strict=True,
            )
            if a.strip() and b.strip()
        ]
        sources.append(
            SourceDocument(f"de-{start}", tuple(a for a, _ in pairs), tuple(b for _, b in pairs))
        )
    return sources[:limit] if limit else sources


def german_calibration_sources() -> list[SourceDocument]:
    """The German documents quality.py does not score (newstest2019 after its first
    GERMAN_SCORED_DOCUMENTS blocks): calibration data in the benchmark's language."""
    return german_sources()[GERMAN_SCORED_DOCUMENTS:]


def gutenberg_sources(book: str, limit: int | None = None) -> list[SourceDocument]:
    """A novel cut into documents of consecutive sentences (no paraphrase)."""
    text = (GUTENBERG / book).read_text(encoding="utf-8-sig")
    end = text.find("*** END")
    start = text.find("*** START", 0, end if end >= 0 else None)  # not the licence's START
    body = text[text.index("\n", start) + 1 if start >= 0 else 0 : end if end >= 0 else None]
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", body)]
    sentences = [
        s
        for p in paragraphs
        if len(p) > 40
        for s in _SENTENCE_END_RE.split(p)
        if len(_WORD_RE.findall(s)) >= 3
    ]
    sources = []
    for first in range(0, len(sentences) - GUTENBERG_DOCUMENT_SENTENCES + 1, 97):
        chunk = sentences[first : first + GUTENBERG_DOCUMENT_SENTENCES]
        sources.append(SourceDocument(f"{book}-{first}", tuple(chunk), None))
    return sources[:limit] if limit else sources


def light_edit(text: str, vocabulary: Sequence[str], rng: random.Random) -> str:
    """Replace LIGHT_EDIT_SHARE of the words (at least one) by words drawn from ``vocabulary``."""
    matches = list(_WORD_RE.finditer(text))
    if not matches:
        return text
    count = max(1, round(LIGHT_EDIT_SHARE * len(matches)))
    chosen = set(rng.sample(range(len(matches)), count))
    parts = []
    position = 0
    for k, match in enumerate(matches):
        if k in chosen:
            parts.append(text[position : match.start()])
            replacement = rng.choice(vocabulary)
            while replacement.casefold() == match.group().casefold():
                replacement = rng.choice(vocabulary)
            parts.append(replacement)
            position = match.end()
    parts.append(text[position:])
    return "".join(parts)


def _paragraphs(segments: Sequence[str], rng: random.Random) -> list[list[str]]:
    paragraphs: list[list[str]] = []
    k = 0
    while k < len(segments):
        size = rng.randint(1, 3)
        paragraphs.append(list(segments[k : k + size]))
        k += size
    return paragraphs


def _layout(paragraphs: Sequence[Sequence[str]]) -> tuple[str, list[tuple[int, int]]]:
    """Text of the paragraphs and the character span of each."""
    parts: list[str] = []
    spans = []
    position = 0
    for p, paragraph in enumerate(paragraphs):
        if p:
            parts.append("\n\n")
            position += 2
        text = " ".join(paragraph)
        spans.append((position, position + len(text)))
        parts.append(text)
        position += len(text)
    return "".join(parts), spans


def plant(source: SourceDocument, host: SourceDocument, mode: str, seed: str) -> PlantedPair | None:
    """Plant 1-4 passages of 1-5 segments of ``source`` into ``host``; None if impossible."""
    rng = random.Random(seed)
    if mode == "paraphrased" and source.paraphrase is None:
        return None
    count = len(source.segments)
    wanted = rng.randint(1, 4)
    picks: list[tuple[int, int]] = []  # (first segment, length)
    taken: set[int] = set()
    for _ in range(wanted * 10):
        if len(picks) == wanted:
            break
        length = rng.randint(1, 5)
        if length > count:
            continue
        first = rng.randrange(count - length + 1)
        span = set(range(first - 1, first + length + 1))  # keep planted passages apart in A
        if span & taken:
            continue
        taken.update(range(first, first + length))
        picks.append((first, length))
    if not picks:
        return None
    a_paragraphs = _paragraphs(source.segments, rng)
    # A is laid out so that every planted passage starts and ends at a paragraph boundary on
    # neither side in particular: just the source, paragraphed at random.
    a_text, a_segment_spans = _segment_layout(a_paragraphs)
    vocabulary = [w for s in host.segments for w in _WORD_RE.findall(s) if len(w) > 2]
    planted_texts = []
    for first, length in picks:
        if mode == "paraphrased":
            assert source.paraphrase is not None
            segments = list(source.paraphrase[first : first + length])
        else:
            segments = list(source.segments[first : first + length])
        if mode == "light":
            segments = [light_edit(s, vocabulary, rng) for s in segments]
        planted_texts.append(segments)
    host_paragraphs = _paragraphs(host.segments, rng)
    order = list(range(len(picks)))
    rng.shuffle(order)
    positions = sorted(rng.randint(0, len(host_paragraphs)) for _ in order)
    b_paragraphs: list[list[str]] = []
    planted_index: list[int | None] = []
    cursor = 0
    for position, k in zip(positions, order, strict=True):
        while cursor < position:
            b_paragraphs.append(host_paragraphs[cursor])
            planted_index.append(None)
            cursor += 1
        b_paragraphs.append(planted_texts[k])
        planted_index.append(k)
    while cursor < len(host_paragraphs):
        b_paragraphs.append(host_paragraphs[cursor])
        planted_index.append(None)
        cursor += 1
    b_text, b_spans_all = _layout(b_paragraphs)
    b_spans = [(0, 0)] * len(picks)
    for span, k in zip(b_spans_all, planted_index, strict=True):
        if k is not None:
            b_spans[k] = span
    a_spans = []
    for first, length in picks:
        a_spans.append((a_segment_spans[first][0], a_segment_spans[first + length - 1][1]))
    return PlantedPair(
        a_text, b_text, mode, tuple(b_spans), tuple(a_spans), f"{source.name}>{host.name}"
    )


def _segment_layout(
    paragraphs: Sequence[Sequence[str]],
) -> tuple[str, list[tuple[int, int]]]:
    parts: list[str] = []
    spans = []
    position = 0
    for p, paragraph in enumerate(paragraphs):
        if p:
            parts.append("\n\n")
            position += 2
        for s, segment in enumerate(paragraph):
            if s:
                parts.append(" ")
                position += 1
            spans.append((position, position + len(segment)))
            parts.append(segment)
            position += len(segment)
    return "".join(parts), spans


def unrelated(source: SourceDocument, host: SourceDocument, seed: str) -> PlantedPair:
    rng = random.Random(seed)
    a_text, _ = _segment_layout(_paragraphs(source.segments, rng))
    b_text, _ = _segment_layout(_paragraphs(host.segments, rng))
    return PlantedPair(a_text, b_text, "none", (), (), f"{source.name}|{host.name}")


def pairs_for(
    sources: Sequence[SourceDocument], modes: Sequence[str], seed: str
) -> list[PlantedPair]:
    """Each source planted into the next one (a different document), in each mode."""
    result = []
    for k, source in enumerate(sources):
        host = sources[(k + 1 + len(sources) // 2) % len(sources)]
        if host is source:
            continue
        for mode in modes:
            pair = plant(source, host, mode, f"{seed}-{k}-{mode}")
            if pair is not None:
                result.append(pair)
    return result


def unrelated_pairs(sources: Sequence[SourceDocument], seed: str) -> list[PlantedPair]:
    result = []
    for k, source in enumerate(sources):
        host = sources[(k + 1 + len(sources) // 2) % len(sources)]
        if host is not source:
            result.append(unrelated(source, host, f"{seed}-{k}"))
    return result


def _words_in(text: str, start: int, end: int) -> int:
    return len(_WORD_RE.findall(text, start, end))


@dataclass
class PassageScore:
    """Recall and precision of passages over many planted pairs."""

    planted: int = 0
    found_planted: int = 0
    found: int = 0
    found_correct: int = 0
    pairs: int = 0
    # Planted passages shorter than the product's smallest copied passage (``score_pair``'s
    # ``passage_words``): a lone sentence of 3-7 words, which the issue's own definition (a
    # passage is "about one long sentence or two short ones") does not call a passage.
    planted_short: int = 0
    found_short: int = 0

    @property
    def recall(self) -> float:
        return self.found_planted / self.planted if self.planted else 1.0

    @property
    def passage_sized_recall(self) -> float:
        """Recall over the planted passages of at least passage size."""
        sized = self.planted - self.planted_short
        return (self.found_planted - self.found_short) / sized if sized else 1.0

    @property
    def precision(self) -> float:
        return self.found_correct / self.found if self.found else 1.0


def score_pair(
    comparison: Comparison,
    pair: PlantedPair,
    score: PassageScore,
    copy_only: bool,
    passage_words: int = 0,
) -> None:
    """Add one pair: a planted passage is found when one passage (of a copy kind, for
    ``copy_only``) covers COVERED of its words in B and overlaps its source in A; a found
    passage is correct when COVERED of its B words lie in planted passages and it overlaps one
    of their sources in A.  Planted passages under ``passage_words`` words are also counted
    apart (``PassageScore.planted_short``)."""
    passages: list[Passage] = [p for p in comparison.passages if p.kind.is_copy or not copy_only]
    text = pair.b_text
    score.pairs += 1
    for (b_start, b_end), (a_start, a_end) in zip(pair.b_spans, pair.a_spans, strict=True):
        score.planted += 1
        words = _words_in(text, b_start, b_end)
        short = words < passage_words
        score.planted_short += short
        for passage in passages:
            overlap = _words_in(
                text, max(b_start, passage.b_range.start), min(b_end, passage.b_range.end)
            )
            in_source = passage.a_range.start < a_end and passage.a_range.end > a_start
            if words and overlap >= COVERED * words and in_source:
                score.found_planted += 1
                score.found_short += short
                break
    for passage in passages:
        score.found += 1
        words = _words_in(text, passage.b_range.start, passage.b_range.end)
        inside = sum(
            _words_in(text, max(s, passage.b_range.start), min(e, passage.b_range.end))
            for s, e in pair.b_spans
        )
        in_source = any(
            passage.a_range.start < e and passage.a_range.end > s for s, e in pair.a_spans
        )
        if words and inside >= COVERED * words and in_source:
            score.found_correct += 1
