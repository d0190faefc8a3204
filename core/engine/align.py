"""Sentence alignment: which sentences of A correspond to which sentences of B.

The aligner is built to stay near-linear on book-length input while handling what rewrites do:

1. **Candidates.**  Each sentence is a bag of crude stems weighted by inverse document
   frequency.  An inverted index over the rarer stems proposes a few candidate partners for
   every sentence; an exact index adds sentences repeated word for word (which are too common
   to be found by rare words).  Only those pairs are scored (weighted Dice).  Ties go to the
   partner nearest the parallel position, so a text compared with itself follows the diagonal.
2. **Backbone.**  The heaviest strictly increasing chain of candidate pairs (a weighted longest
   increasing subsequence, O(P log n) with a Fenwick tree) is the main reading order.  A pair
   weighs its similarity less the *regret* of its sentences -- how much better a partner each
   has elsewhere -- so a weak pair cannot hold a moved sentence's true partner hostage.
3. **Merges and splits.**  A leftover sentence next to a pair joins it when the joined group
   is more similar than the pair alone: 1-n and n-1 groups.
4. **Moves.**  Leftover sentences of A and B are aligned again among themselves: pairs that are
   clearly the same sentence, or each other's best partner and reasonably similar, are moved
   sentences (moved passages keep their inner order, which a few chains collect).
5. **Gaps.**  Only then, lone leftovers facing each other between two backbone groups are
   paired, when they are similar enough and neither has a much better partner elsewhere (a
   dropped sentence and an unrelated new one in the same place are a deletion and an insertion,
   not a rewording).

Everything else is a deletion (only in A) or an insertion (only in B).  The whole run happens in
one canonical orientation of the two texts, so align(b, a) mirrors align(a, b) exactly.

Thresholds were tuned on WMT22 zh-en documents (two human translations and four machine
translations laid out differently; see benchmarks/quality.py) and checked on Gutenberg novels
with 10% of the words replaced and paragraphs moved.
"""

from __future__ import annotations

import heapq
import math
from abc import ABC, abstractmethod
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from core.engine.prepare import REPEAT_STRIDE, SPACE_CODE, PreparedDocument, base_stem, make_bag
from core.model import BlockKind

# Weighted-Dice similarities (0..1) that decide a pairing.
MATCH_THRESHOLD = 0.18  # a pair may join the backbone
CHAIN_PENALTY = 1.0  # weight of a backbone pair's regret (better partners elsewhere)
MOVE_THRESHOLD = 0.35  # an out-of-order pair that is clearly the same sentence
MOVE_MUTUAL_THRESHOLD = 0.2  # ... or each other's best partner and at least this similar
MOVE_CHAIN_PASSES = 4  # chains of moved passages collected before single moved sentences
GAP_THRESHOLD = 0.2  # lone sentences facing each other in a gap ...
GAP_RELATIVE = 0.5  # ... and at least half as similar as either's best partner
MERGE_THRESHOLD = 0.05  # a sentence joining a group must share this much with the other side
CANDIDATES_PER_SENTENCE = 4
VOTING_STEMS = 8  # rarest stems of a sentence that propose candidates
MAX_GROUP = 3  # at most 3 sentences merged into one on either side
# Stems present in more than this share of B's sentences propose no candidates (they still
# count when scoring); keeps candidate generation linear on long texts.
COMMON_STEM_SHARE = 0.05
MAX_POSTING = 32
RUNNER_UP_VOTE_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class AlignedGroup:
    kind: BlockKind  # EQUAL/CHANGED are decided later from the word diff; here: CHANGED
    a_sentences: tuple[int, ...]
    b_sentences: tuple[int, ...]
    # Weighted-Dice similarity of the two sides' stem bags (rare words weigh more, order does
    # not count): what the pairing decided on, and what the provenance floor is calibrated on.
    score: float = 0.0


class BestPartners(ABC):
    """Each sentence's best candidate similarity so far, to judge weaker pairs by: shared by the
    word aligner's scorer and the one across languages (:mod:`core.engine.crosslang`), which
    differ only in how they score a pair (:meth:`pair`)."""

    def __init__(self) -> None:
        self.best_a: dict[int, float] = defaultdict(float)
        self.best_b: dict[int, float] = defaultdict(float)

    @abstractmethod
    def pair(self, i: int, j: int) -> float:
        """Similarity of A's sentence i and B's j."""

    def note_best(self, candidates: Sequence[tuple[int, int, float]]) -> None:
        """Remember each sentence's best candidate similarity (to judge weaker pairs by)."""
        for i, j, s in candidates:
            if s > self.best_a[i]:
                self.best_a[i] = s
            if s > self.best_b[j]:
                self.best_b[j] = s

    def mutual_best(self, i: int, j: int) -> bool:
        s = self.pair(i, j)
        return s >= self.best_a[i] and s >= self.best_b[j]


class _Scorer(BestPartners):
    """Weighted-Dice similarity of sentence bags (and of merged bags).

    Bags are tuples of distinct ids with repeats encoded
    (:data:`core.engine.prepare.REPEAT_STRIDE`),
    so the shared mass of two bags is the weight of a set intersection, computed in C.
    Similarities are not cached: recomputing one costs about as much as a cache lookup keyed
    by a pair, and a cache of every pair scored would be the largest object of a long run.
    """

    def __init__(self, a: PreparedDocument, b: PreparedDocument) -> None:
        super().__init__()
        self.a = a
        self.b = b
        document_frequency: Counter[int] = Counter()
        for bags in (a.sentence_bags, b.sentence_bags):
            for bag in bags:
                document_frequency.update(bag)
        total = len(a.sentence_bags) + len(b.sentence_bags)
        # A repeat (the second "the") weighs what its stem weighs: each occurrence counts once.
        weight = {
            stem: math.log(1.0 + total / frequency)
            for stem, frequency in document_frequency.items()
            if stem < REPEAT_STRIDE
        }
        for stem in document_frequency:
            if stem >= REPEAT_STRIDE:
                weight[stem] = weight[base_stem(stem)]
        self.weight = weight
        self.mass_a = [self._mass(bag) for bag in a.sentence_bags]
        self.mass_b = [self._mass(bag) for bag in b.sentence_bags]

    def chain_weight(self, i: int, j: int, s: float) -> float:
        """Backbone weight: similarity over the threshold, less what a better partner offers.

        A pair whose sentence has a clearly better partner elsewhere (typically moved text)
        would block that partner from the backbone and the move detection.
        """
        regret = (self.best_a[i] - s) + (self.best_b[j] - s)
        return s - MATCH_THRESHOLD - CHAIN_PENALTY * regret

    def plausible(self, i: int, j: int) -> bool:
        """A weak pair facing each other is accepted unless either has a much better partner."""
        s = self.pair(i, j)
        return s >= GAP_THRESHOLD and s >= GAP_RELATIVE * max(self.best_a[i], self.best_b[j])

    def _mass(self, bag: tuple[int, ...]) -> float:
        return sum(map(self.weight.__getitem__, bag))

    def pair(self, i: int, j: int, bag_a: set[int] | None = None) -> float:
        """Similarity of A's sentence i and B's j (``bag_a``: i's bag as a set, if at hand)."""
        mass = self.mass_a[i] + self.mass_b[j]
        if not mass:
            return 0.0
        if bag_a is None:
            bag_a = set(self.a.sentence_bags[i])
        shared = bag_a.intersection(self.b.sentence_bags[j])
        if not shared:
            return 0.0
        return 2.0 * sum(map(self.weight.__getitem__, shared)) / mass

    def group(self, a_ids: Sequence[int], b_ids: Sequence[int]) -> float:
        if len(a_ids) == 1 and len(b_ids) == 1:
            return self.pair(a_ids[0], b_ids[0])
        mass_a = sum(self.mass_a[i] for i in a_ids)
        mass_b = sum(self.mass_b[j] for j in b_ids)
        if not mass_a or not mass_b:
            return 0.0
        bag_a = _merged(self.a.sentence_bags, a_ids)
        bag_b = _merged(self.b.sentence_bags, b_ids)
        shared = set(bag_a).intersection(bag_b)
        return 2.0 * sum(map(self.weight.__getitem__, shared)) / (mass_a + mass_b)


def _merged(bags: Sequence[tuple[int, ...]], ids: Sequence[int]) -> tuple[int, ...]:
    """The bag of several sentences read as one (repeats re-encoded across them)."""
    if len(ids) == 1:
        return bags[ids[0]]
    return make_bag(base_stem(stem) for k in ids for stem in bags[k])


def align(
    a: PreparedDocument,
    b: PreparedDocument,
    *,
    detect_moves: bool = True,
    check_cancelled: Callable[[], None] = lambda: None,
) -> list[AlignedGroup]:
    """Align the sentences of two prepared documents.

    Every sentence of A and of B lands in exactly one group.  Groups are returned in reading
    order of A, with B-only groups placed where they fall relative to their neighbours.
    """
    n = len(a.sentence_bags)
    m = len(b.sentence_bags)
    # The aligner makes choices (which candidates each sentence proposes, ties between equally
    # good chains); running it in one canonical orientation makes align(b, a) the exact mirror
    # of align(a, b), so similarity and containment do not depend on which side is "A".
    if _orientation_key(b) < _orientation_key(a):
        backbone, moved, scores = _align_pairs(b, a, detect_moves, check_cancelled)
        backbone = [(b_group, a_group) for a_group, b_group in backbone]
        moved = [(b_group, a_group) for a_group, b_group in moved]
        scores = {(b_group, a_group): s for (a_group, b_group), s in scores.items()}
    else:
        backbone, moved, scores = _align_pairs(a, b, detect_moves, check_cancelled)
    return _order_groups(backbone, moved, n, m, scores)


_Groups = list[tuple[tuple[int, ...], tuple[int, ...]]]


def regroup(
    groups: Sequence[AlignedGroup],
    n: int,
    m: int,
    *,
    unpair: Collection[int] = (),
    moves: bool = True,
) -> list[AlignedGroup]:
    """The groups again, with some pairs undone: their sentences become deletions and insertions.

    ``unpair`` holds indices into ``groups`` (pairs found too dissimilar after the word diff);
    ``moves=False`` undoes every moved pair too (the display without moves).  Deleted and
    inserted runs are rebuilt around what is left, in the same order :func:`align` uses.
    """
    backbone: _Groups = []
    moved: _Groups = []
    scores = {(group.a_sentences, group.b_sentences): group.score for group in groups}
    for k, group in enumerate(groups):
        if not group.a_sentences or not group.b_sentences or k in unpair:
            continue
        if group.kind is BlockKind.MOVED:
            if moves:
                moved.append((group.a_sentences, group.b_sentences))
        else:
            backbone.append((group.a_sentences, group.b_sentences))
    return _order_groups(backbone, moved, n, m, scores)


def _orientation_key(prepared: PreparedDocument) -> tuple[int, int, str]:
    return len(prepared.sentence_bags), prepared.doc.word_count, prepared.doc.text


def _align_pairs(
    a: PreparedDocument,
    b: PreparedDocument,
    detect_moves: bool,
    check_cancelled: Callable[[], None],
) -> tuple[_Groups, _Groups, dict[tuple[tuple[int, ...], tuple[int, ...]], float]]:
    """Backbone groups (increasing on both sides), moved groups, and each one's score."""
    n = len(a.sentence_bags)
    m = len(b.sentence_bags)
    scorer = _Scorer(a, b)
    candidates = _candidate_pairs(scorer, range(n), range(m), CANDIDATES_PER_SENTENCE)
    scorer.note_best(candidates)
    check_cancelled()
    chain = _heaviest_chain(
        [
            (i, j, weight)
            for i, j, s in candidates
            if s >= MATCH_THRESHOLD and (weight := scorer.chain_weight(i, j, s)) > 0
        ]
    )
    check_cancelled()
    groups = _grow_groups(scorer, chain, n, m, {i for i, _ in chain}, {j for _, j in chain})
    check_cancelled()
    moved: _Groups = []
    if detect_moves:
        moved = _find_moves(scorer, groups, n, m)
    # Only now, with merges and moves settled, may weak leftovers facing each other pair up:
    # earlier they would steal sentences that belong to a merge or a move.
    backbone = _fill_gaps(scorer, groups, moved, n, m)
    scores = {(x, y): scorer.group(x, y) for x, y in [*backbone, *moved]}
    return backbone, moved, scores


def _candidate_pairs(
    scorer: _Scorer,
    a_ids: Sequence[int] | range,
    b_ids: Sequence[int] | range,
    per_sentence: int,
) -> list[tuple[int, int, float]]:
    """Scored (i, j, similarity) pairs: each A sentence's best few partners, and vice versa.

    Ties (repeated sentences, a text compared with itself) go to the partner nearest the
    position a sentence would have if both texts ran in parallel, so that the backbone can
    follow the diagonal.
    """
    a_bags = scorer.a.sentence_bags
    b_bags = scorer.b.sentence_bags
    weight = scorer.weight
    ratio = len(b_bags) / len(a_bags) if a_bags else 1.0
    postings: dict[int, list[int]] = defaultdict(list)
    for j in b_ids:
        for stem in b_bags[j]:
            if stem < REPEAT_STRIDE:  # a repeat would only vote twice for the same sentence
                postings[stem].append(j)
    # Bounded postings keep this linear: a book has stems in thousands of sentences.
    common_limit = max(8, min(MAX_POSTING, int(COMMON_STEM_SHARE * len(b_ids))))
    found = _exact_pairs(scorer, a_ids, b_ids, per_sentence, ratio)
    voters = {stem for stem, posting in postings.items() if len(posting) <= common_limit}
    for i in a_ids:
        # The rarest stems of a sentence are the ones that identify its partner.
        usable: Collection[int] = voters.intersection(a_bags[i])
        if not usable:
            continue
        if len(usable) > VOTING_STEMS:
            usable = heapq.nlargest(VOTING_STEMS, usable, key=weight.__getitem__)
        votes: dict[int, float] = defaultdict(float)
        for stem in usable:
            w = weight[stem]
            for j in postings[stem]:
                votes[j] += w
        # Runners-up far behind the leader in rare-stem votes are not worth scoring.
        floor = RUNNER_UP_VOTE_SHARE * max(votes.values())
        ranked = [j for j, vote in votes.items() if vote >= floor]
        if len(ranked) > per_sentence:
            expected = i * ratio
            ranked = heapq.nlargest(
                per_sentence, ranked, key=lambda j: (votes[j], -abs(j - expected))
            )
        bag = set(a_bags[i])  # scored against up to per_sentence partners
        for j in ranked:
            if (i, j) not in found:
                found[(i, j)] = scorer.pair(i, j, bag)
    # Keep, for each B sentence too, only its best few partners, so one popular B sentence
    # (a repeated dateline) does not crowd the chain.
    by_b: dict[int, list[int]] = defaultdict(list)
    for i, j in found:
        by_b[j].append(i)
    kept: list[tuple[int, int, float]] = []
    for j, partners in by_b.items():
        if len(partners) > per_sentence:
            expected = j / ratio if ratio else 0.0
            partners = heapq.nlargest(
                per_sentence, partners, key=lambda i: (found[(i, j)], -abs(i - expected))
            )
        kept.extend((i, j, found[(i, j)]) for i in partners)
    return kept


def _exact_pairs(
    scorer: _Scorer,
    a_ids: Sequence[int] | range,
    b_ids: Sequence[int] | range,
    per_sentence: int,
    ratio: float,
) -> dict[tuple[int, int], float]:
    """Sentences whose normalised text is the same on both sides, nearest positions first.

    Repeated sentences ("Aye, aye, sir.", a recurring dateline) are too common to vote for
    candidates by rare words, yet each copy has its own partner.
    """
    a_keys = _sentence_keys(scorer.a, a_ids)
    index: dict[str, list[int]] = defaultdict(list)
    for j, key in zip(b_ids, _sentence_keys(scorer.b, b_ids), strict=True):
        index[key].append(j)  # b_ids ascend, so each list is sorted
    found: dict[tuple[int, int], float] = {}
    for i, key in zip(a_ids, a_keys, strict=True):
        same = index.get(key)
        if not same:
            continue
        expected = i * ratio
        middle = bisect_right(same, expected)
        window = same[max(0, middle - per_sentence) : middle + per_sentence]
        for j in heapq.nsmallest(per_sentence, window, key=lambda j: abs(j - expected)):
            found[(i, j)] = scorer.pair(i, j)
    return found


def _sentence_keys(prepared: PreparedDocument, ids: Sequence[int] | range) -> list[str]:
    codes = prepared.codes
    sentences = prepared.doc.sentences
    return [
        codes[sentences[k].token_start : sentences[k].token_end].replace(SPACE_CODE, "")
        for k in ids
    ]


def _heaviest_chain(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int]]:
    """Heaviest chain strictly increasing in both i and j (weighted LIS with a Fenwick tree)."""
    if not pairs:
        return []
    # Same i in descending j so two pairs of one A sentence can never both enter the chain.
    pairs.sort(key=lambda p: (p[0], -p[1]))
    size = max(j for _, j, _ in pairs) + 2
    tree_value = [0.0] * (size + 1)
    tree_index = [-1] * (size + 1)
    best_value = [0.0] * len(pairs)
    previous = [-1] * len(pairs)
    for k, (_, j, w) in enumerate(pairs):
        # Prefix maximum over j' < j, i.e. Fenwick positions 1..j.
        value = 0.0
        index = -1
        position = j
        while position > 0:
            if tree_value[position] > value:
                value = tree_value[position]
                index = tree_index[position]
            position -= position & -position
        best_value[k] = value + w
        previous[k] = index
        position = j + 1
        total = best_value[k]
        while position <= size:
            if total > tree_value[position]:
                tree_value[position] = total
                tree_index[position] = k
            position += position & -position
    k = max(range(len(pairs)), key=best_value.__getitem__)
    chain: list[tuple[int, int]] = []
    while k >= 0:
        chain.append((pairs[k][0], pairs[k][1]))
        k = previous[k]
    chain.reverse()
    return chain


def _fill_gaps(
    scorer: _Scorer,
    groups: list[tuple[tuple[int, ...], tuple[int, ...]]],
    moved: list[tuple[tuple[int, ...], tuple[int, ...]]],
    n: int,
    m: int,
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Pair lone leftover sentences facing each other between two backbone groups."""
    taken_a = {i for a_group, _ in [*groups, *moved] for i in a_group}
    taken_b = {j for _, b_group in [*groups, *moved] for j in b_group}
    result: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    previous_i = previous_j = -1
    for a_group, b_group in [*groups, ((n,), (m,))]:
        gap_a = [i for i in range(previous_i + 1, a_group[0]) if i not in taken_a]
        gap_b = [j for j in range(previous_j + 1, b_group[0]) if j not in taken_b]
        if len(gap_a) == len(gap_b) and 0 < len(gap_a) <= 2:
            for gi, gj in zip(gap_a, gap_b, strict=True):
                if scorer.plausible(gi, gj):
                    result.append(((gi,), (gj,)))
        if a_group[0] < n:
            result.append((a_group, b_group))
        previous_i, previous_j = a_group[-1], b_group[-1]
    return result


def _grow_groups(
    scorer: _Scorer,
    pairs: list[tuple[int, int]],
    n: int,
    m: int,
    used_a: set[int],
    used_b: set[int],
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Turn 1-1 pairs into 1-n / n-1 groups by absorbing adjacent unused sentences.

    ``used_a``/``used_b`` hold every sentence already taken (including the pairs' own) and
    are updated as sentences are absorbed.
    """
    groups: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    for i, j in pairs:
        a_group = [i]
        b_group = [j]
        similarity = scorer.pair(i, j)
        improved = True
        while improved and len(a_group) + len(b_group) < 2 * MAX_GROUP:
            improved = False
            options: list[tuple[list[int], list[int]]] = []
            if len(a_group) < MAX_GROUP and len(b_group) == 1:
                if a_group[-1] + 1 < n and a_group[-1] + 1 not in used_a:
                    options.append(([*a_group, a_group[-1] + 1], b_group))
                if a_group[0] - 1 >= 0 and a_group[0] - 1 not in used_a:
                    options.append(([a_group[0] - 1, *a_group], b_group))
            if len(b_group) < MAX_GROUP and len(a_group) == 1:
                if b_group[-1] + 1 < m and b_group[-1] + 1 not in used_b:
                    options.append((a_group, [*b_group, b_group[-1] + 1]))
                if b_group[0] - 1 >= 0 and b_group[0] - 1 not in used_b:
                    options.append((a_group, [b_group[0] - 1, *b_group]))
            for option_a, option_b in options:
                # The absorbed sentence must itself share something with the other side (cheap
                # to check, and usually false), and the joined group must be clearly better.
                added_a = set(option_a) - set(a_group)
                added_b = set(option_b) - set(b_group)
                if not (
                    all(scorer.group([x], b_group) >= GAP_THRESHOLD for x in added_a)
                    and all(scorer.group(a_group, [y]) >= GAP_THRESHOLD for y in added_b)
                ):
                    continue
                option_similarity = scorer.group(option_a, option_b)
                if option_similarity > similarity + 0.02:
                    used_a.update(added_a)
                    used_b.update(added_b)
                    a_group, b_group, similarity = option_a, option_b, option_similarity
                    improved = True
                    break
        groups.append((tuple(a_group), tuple(b_group)))
    return groups


def _find_moves(
    scorer: _Scorer,
    groups: list[tuple[tuple[int, ...], tuple[int, ...]]],
    n: int,
    m: int,
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    used_a = {i for a_group, _ in groups for i in a_group}
    used_b = {j for _, b_group in groups for j in b_group}
    left_a = [i for i in range(n) if i not in used_a]
    left_b = [j for j in range(m) if j not in used_b]
    if not left_a or not left_b:
        return []
    candidates = _candidate_pairs(scorer, left_a, left_b, CANDIDATES_PER_SENTENCE)
    strong = [
        (i, j, s - MOVE_MUTUAL_THRESHOLD)
        for i, j, s in candidates
        if s >= MOVE_THRESHOLD or (s >= MOVE_MUTUAL_THRESHOLD and scorer.mutual_best(i, j))
    ]
    moved_pairs = pair_moves(strong)
    return _grow_groups(
        scorer,
        moved_pairs,
        n,
        m,
        used_a | {i for i, _ in moved_pairs},
        used_b | {j for _, j in moved_pairs},
    )


def _heaviest_first(pair: tuple[int, int, float]) -> float:
    return -pair[2]


def pair_moves(
    strong: list[tuple[int, int, float]],
    order: Callable[[tuple[int, int, float]], Any] = _heaviest_first,
) -> list[tuple[int, int]]:
    """The moved pairs among ``strong`` candidates (i, j, weight), sorted: for the word aligner
    and the one across languages (:mod:`core.engine.crosslang`).

    Moved passages keep their inner order, which tells repeated sentences apart; a few
    heaviest chains collect them.  Whatever is left moved alone, taken in ``order`` (best
    pairs first), each sentence once.
    """
    moved_pairs: list[tuple[int, int]] = []
    for _ in range(MOVE_CHAIN_PASSES):
        chain = _heaviest_chain(list(strong))
        if len(chain) < 2:
            break
        moved_pairs.extend(chain)
        chain_a = {i for i, _ in chain}
        chain_b = {j for _, j in chain}
        strong = [p for p in strong if p[0] not in chain_a and p[1] not in chain_b]
    taken_a: set[int] = set()
    taken_b: set[int] = set()
    for i, j, _weight in sorted(strong, key=order):
        if i not in taken_a and j not in taken_b:
            moved_pairs.append((i, j))
            taken_a.add(i)
            taken_b.add(j)
    moved_pairs.sort()
    return moved_pairs


def _runs(indices: list[int]) -> list[tuple[int, ...]]:
    """Split sorted indices into runs of consecutive numbers."""
    runs: list[list[int]] = []
    for index in indices:
        if runs and runs[-1][-1] + 1 == index:
            runs[-1].append(index)
        else:
            runs.append([index])
    return [tuple(run) for run in runs]


def _order_groups(
    backbone: list[tuple[tuple[int, ...], tuple[int, ...]]],
    moved: list[tuple[tuple[int, ...], tuple[int, ...]]],
    n: int,
    m: int,
    scores: dict[tuple[tuple[int, ...], tuple[int, ...]], float] | None = None,
) -> list[AlignedGroup]:
    """All groups in A's reading order; B-only runs go just before the next backbone group."""
    used_a = {i for a_group, _ in [*backbone, *moved] for i in a_group}
    used_b = {j for _, b_group in [*backbone, *moved] for j in b_group}
    keyed: list[tuple[float, int, AlignedGroup]] = []
    for a_group, b_group in backbone:
        score = scores[(a_group, b_group)] if scores is not None else 0.0
        keyed.append((a_group[0], 0, AlignedGroup(BlockKind.CHANGED, a_group, b_group, score)))
    for a_group, b_group in moved:
        score = scores[(a_group, b_group)] if scores is not None else 0.0
        keyed.append((a_group[0], 0, AlignedGroup(BlockKind.MOVED, a_group, b_group, score)))
    for run in _runs([i for i in range(n) if i not in used_a]):
        keyed.append((run[0], 0, AlignedGroup(BlockKind.DELETED, run, ())))
    backbone_first_b = [b_group[0] for _, b_group in backbone]
    backbone_first_a = [a_group[0] for a_group, _ in backbone]
    for run in _runs([j for j in range(m) if j not in used_b]):
        following = bisect_right(backbone_first_b, run[-1])
        anchor = backbone_first_a[following] if following < len(backbone) else n
        keyed.append((anchor - 0.5, run[0], AlignedGroup(BlockKind.INSERTED, (), run)))
    keyed.sort(key=itemgetter(0, 1))
    return [group for _, _, group in keyed]
