"""WMT22 zh-en documents as gold data for alignment, ranking and human-vs-machine separation.

Each WMT22 document has two independent human English translations (ref_A, ref_B) and four
machine translations of the same Chinese source, aligned segment by segment.  That gives a free
gold alignment: segment i of one side corresponds to segment i of the other.  To make the
aligner earn it, :func:`scramble` lays the segments out as an editor would meet them:

* segments are grouped into paragraphs differently on each side (so sentences merge and split
  across paragraph breaks), a segment that does not end a sentence (a headline, a dateline)
  always ends its paragraph, as it would on the page;
* two paragraphs of B are swapped (moved text);
* a few segments are dropped, different ones on each side (deleted and inserted text).

The text itself is never altered.  Nothing here is copied into the repository: it is read from
``../shared/data`` at run time.
"""

from __future__ import annotations

import json
import random
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from core import Comparison

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
WMT22 = DATA / "wmt22_generaltest2022_zhen_multiref" / "docs.jsonl"
HYPOTHESES = ("hyp_Online-B", "hyp_NiuTrans", "hyp_JDExploreAcademy", "hyp_Online-W")

# A segment ends a sentence when it ends with terminal punctuation, possibly inside quotes.
_SENTENCE_END_RE = re.compile(r"[.!?。！？…][\"'”’»)\]」』]*\s*$")


@dataclass(frozen=True)
class WmtDocument:
    docid: str
    domain: str
    columns: dict[str, list[str]]  # "src_zh", "ref_A", "ref_B", "hyp_<system>" -> segments


def load_documents(path: Path = WMT22, domain: str | None = "news") -> list[WmtDocument]:
    documents = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if domain is not None and record["domain_guess"] != domain:
                continue
            columns = {k: v for k, v in record.items() if k.startswith(("src_", "ref_", "hyp_"))}
            documents.append(WmtDocument(record["docid"], record["domain_guess"], columns))
    return documents


@dataclass(frozen=True)
class ScrambledPair:
    """Two sides laid out as paragraphs, with each segment's character span (None: dropped)."""

    a_text: str
    b_text: str
    a_spans: list[tuple[int, int] | None]
    b_spans: list[tuple[int, int] | None]
    moved: frozenset[int]  # segments inside the two swapped paragraphs of B

    @property
    def gold(self) -> set[tuple[int, int]]:
        return {
            (i, i)
            for i, (a, b) in enumerate(zip(self.a_spans, self.b_spans, strict=True))
            if a is not None and b is not None
        }


def _paragraphs(
    segments: Sequence[str], kept: Sequence[int], rng: random.Random
) -> list[list[int]]:
    """Group kept segment indices into paragraphs of 1-4 segments."""
    paragraphs: list[list[int]] = []
    current: list[int] = []
    size = rng.randint(1, 4)
    for index in kept:
        current.append(index)
        if len(current) >= size or not _SENTENCE_END_RE.search(segments[index]):
            paragraphs.append(current)
            current = []
            size = rng.randint(1, 4)
    if current:
        paragraphs.append(current)
    return paragraphs


def _layout(
    segments: Sequence[str], paragraphs: Sequence[Sequence[int]]
) -> tuple[str, list[tuple[int, int] | None]]:
    spans: list[tuple[int, int] | None] = [None] * len(segments)
    parts: list[str] = []
    position = 0
    for p, paragraph in enumerate(paragraphs):
        if p:
            parts.append("\n\n")
            position += 2
        for s, index in enumerate(paragraph):
            if s:
                parts.append(" ")
                position += 1
            text = segments[index].strip()
            spans[index] = (position, position + len(text))
            parts.append(text)
            position += len(text)
    return "".join(parts), spans


def scramble(a: Sequence[str], b: Sequence[str], seed: int, *, swap: bool = True) -> ScrambledPair:
    """Lay out segment-aligned sides as differently paragraphed, partly reordered texts."""
    if len(a) != len(b):
        raise ValueError("segment-aligned sides must have the same number of segments")
    rng = random.Random(seed)
    count = len(a)
    usable = [i for i in range(1, count) if a[i].strip() and b[i].strip()]
    drops = 0 if count < 6 else 1 if count < 20 else 2
    dropped = rng.sample(usable, min(len(usable), 2 * drops))
    a_dropped = set(dropped[:drops])
    b_dropped = set(dropped[drops:])
    a_kept = [i for i in range(count) if i not in a_dropped and a[i].strip()]
    b_kept = [i for i in range(count) if i not in b_dropped and b[i].strip()]
    a_paragraphs = _paragraphs(a, a_kept, rng)
    b_paragraphs = _paragraphs(b, b_kept, rng)
    moved: set[int] = set()
    if swap and len(b_paragraphs) >= 4:
        first = rng.randrange(len(b_paragraphs) - 2)
        second = rng.randrange(first + 2, len(b_paragraphs))
        moved = {*b_paragraphs[first], *b_paragraphs[second]}
        b_paragraphs[first], b_paragraphs[second] = b_paragraphs[second], b_paragraphs[first]
    a_text, a_spans = _layout(a, a_paragraphs)
    b_text, b_spans = _layout(b, b_paragraphs)
    both = {i for i in range(count) if a_spans[i] is not None and b_spans[i] is not None}
    return ScrambledPair(a_text, b_text, a_spans, b_spans, frozenset(moved & both))


class SegmentMap:
    """Which segments a character range of a laid-out side overlaps.

    Only overlaps holding a letter or digit count: a sentence splitter may hand a segment's
    closing quote mark to the next sentence, which does not make that sentence part of it.
    """

    def __init__(self, text: str, spans: Sequence[tuple[int, int] | None]) -> None:
        present = sorted((span, index) for index, span in enumerate(spans) if span is not None)
        self.text = text
        self.starts = [span[0] for span, _ in present]
        self.ends = [span[1] for span, _ in present]
        self.indices = [index for _, index in present]

    def overlapping(self, start: int, end: int) -> list[int]:
        # Segments are disjoint and sorted: those with start < end and end > start.
        first = bisect_right(self.ends, start)
        last = bisect_left(self.starts, end)
        return [
            self.indices[k]
            for k in range(first, last)
            if _has_alnum(self.text, max(start, self.starts[k]), min(end, self.ends[k]))
        ]


def _has_alnum(text: str, start: int, end: int) -> bool:
    return any(ch.isalnum() for ch in text[start:end])


def sentence_segments(
    comparison: Comparison, pair: ScrambledPair
) -> tuple[list[list[int]], list[list[int]]]:
    """For each sentence of A and of B, the segments it covers."""
    a_map = SegmentMap(pair.a_text, pair.a_spans)
    b_map = SegmentMap(pair.b_text, pair.b_spans)
    return (
        [a_map.overlapping(s.start, s.end) for s in comparison.a.sentences],
        [b_map.overlapping(s.start, s.end) for s in comparison.b.sentences],
    )


def predicted_links(comparison: Comparison, pair: ScrambledPair) -> set[tuple[int, int]]:
    """Segment links implied by the blocks: every A segment x every B segment of a block."""
    a_of, b_of = sentence_segments(comparison, pair)
    links: set[tuple[int, int]] = set()
    for block in comparison.blocks:
        a_segments = {s for k in block.a_sentences for s in a_of[k]}
        b_segments = {s for k in block.b_sentences for s in b_of[k]}
        links.update((i, j) for i in a_segments for j in b_segments)
    return links


def best_possible_links(comparison: Comparison, pair: ScrambledPair) -> set[tuple[int, int]]:
    """The links of a perfect aligner working on these sentences (the ceiling of the score).

    Sentences are the aligner's atoms: when the splitter keeps a multi-sentence quotation as
    one sentence on one side, the best any aligner can do is link it to all its partners.
    Groups are the connected components of "shares a gold segment".
    """
    a_of, b_of = sentence_segments(comparison, pair)
    gold_segments = {i for i, _ in pair.gold}
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    sentence_of_b: dict[int, list[int]] = {}
    for k, segments in enumerate(b_of):
        for s in segments:
            sentence_of_b.setdefault(s, []).append(k)
    for k, segments in enumerate(a_of):
        for s in segments:
            if s in gold_segments:
                for other in sentence_of_b.get(s, []):
                    parent[find(("a", k))] = find(("b", other))
    groups: dict[tuple[str, int], tuple[set[int], set[int]]] = {}
    for k, segments in enumerate(a_of):
        if ("a", k) in parent:
            groups.setdefault(find(("a", k)), (set(), set()))[0].update(segments)
    for k, segments in enumerate(b_of):
        if ("b", k) in parent:
            groups.setdefault(find(("b", k)), (set(), set()))[1].update(segments)
    return {(i, j) for a_set, b_set in groups.values() for i in a_set for j in b_set}


@dataclass
class LinkScore:
    """Micro-averaged precision and recall of segment links over many document pairs."""

    correct: int = 0
    predicted: int = 0
    gold: int = 0
    moved_gold: int = 0
    moved_found: int = 0
    pairs: int = 0
    per_document: list[tuple[float, str]] = field(default_factory=list)  # (F1, label)

    def add(self, predicted: set[tuple[int, int]], pair: ScrambledPair, label: str) -> None:
        gold = pair.gold
        correct = len(predicted & gold)
        self.correct += correct
        self.predicted += len(predicted)
        self.gold += len(gold)
        self.moved_gold += len(pair.moved)
        self.moved_found += sum((i, i) in predicted for i in pair.moved)
        self.pairs += 1
        f1 = 2 * correct / (len(predicted) + len(gold)) if predicted or gold else 1.0
        self.per_document.append((f1, label))

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        total = self.predicted + self.gold
        return 2 * self.correct / total if total else 1.0

    @property
    def moved_recall(self) -> float:
        return self.moved_found / self.moved_gold if self.moved_gold else 1.0


def roc_auc(positives: Iterable[float], negatives: Iterable[float]) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    pos = list(positives)
    neg = sorted(negatives)
    if not pos or not neg:
        return float("nan")
    total = 0.0
    for score in pos:
        below = bisect_left(neg, score)
        ties = bisect_right(neg, score) - below
        total += below + 0.5 * ties
    return total / (len(pos) * len(neg))


# Source documents and their translations, for comparisons across languages.
TRANSLATION_SETS = (
    ("zh-en", "wmt22_generaltest2022_zhen_multiref", "src_zh"),
    ("ja-en", "wmt21_newstest2021_jaen", "src_ja"),
    ("de-fr", "wmt21_newstest2021_defr", "src_de"),
)


@dataclass(frozen=True)
class SourceDocument:
    docid: str
    source: list[str]
    translations: dict[str, list[str]]  # "ref_A", "ref_B", "hyp_<system>" -> segments


def load_sources(folder: str, source: str, *, with_machines: bool = False) -> list[SourceDocument]:
    """News documents of a WMT set: the source segments and the human (and MT) translations."""
    documents = []
    with (DATA / folder / "docs.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("domain_guess", "news") != "news":
                continue
            translations = {
                key: value
                for key, value in record.items()
                if key.startswith("ref_") and isinstance(value, list)
            }
            if with_machines:
                translations.update({k: v for k, v in record.items() if k.startswith("hyp_") and v})
            documents.append(SourceDocument(record["docid"], record[source], translations))
    return documents
