"""Sentence-pair features for the MRPC experiments of ``semantic_mrpc.py`` (issue 13, part 3).

Two families, neither of which needs the sentence encoder:

* :func:`mt_features` -- machine-translation metrics in both directions, the combination
  Madnani, Tetreault & Chodorow (2012) found strongest for paraphrase identification: BLEU's
  clipped n-gram precisions (n = 1..4) on words and on 5-letter stems, sentence BLEU, TER
  (sacrebleu's, with shifts), character n-gram F-scores (n = 1..6, chrF's ingredients), the
  word edit rate and longest common subsequence, where the first and last difference fall,
  a negation that one side has and the other lacks, a figure that changed, and both lengths.
* :class:`DiscriminativeWords` -- TF-KLD-style weights (Ji & Eisenstein 2013): for each word and
  word pair, how differently "present on both sides" is distributed among paraphrases and
  non-paraphrases (a Kullback-Leibler divergence), and the log-likelihood ratio of its pattern.
  They are *learned from labels*, so they are fitted on training rows only
  (:func:`fold_features` cross-fits the training rows' own features on inner folds, so the
  learner above them never sees a weight that knew the row's label).

``*_low``/``*_high`` are the smaller and larger of the two directions (symmetric features).
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

import numpy as np
from sacrebleu.metrics.bleu import BLEU
from sacrebleu.metrics.ter import TER

_TOKEN_RE = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*|n't")
_NEGATIONS = frozenset(
    {
        *("not", "n't", "no", "never", "neither", "nor", "none", "nobody", "nothing"),
        *("nowhere", "without", "cannot"),
    }
)
STEM_LETTERS = 5  # core's stems are word prefixes of this length too
MT_FEATURES: tuple[str, ...] = (
    *(f"precision{n}_{side}" for n in (1, 2, 3, 4) for side in ("low", "high")),
    *(f"stem_precision{n}_{side}" for n in (1, 2) for side in ("low", "high")),
    "ter_low",
    "ter_high",
    "bleu_low",
    "bleu_high",
    *(f"char{n}_f1" for n in range(1, 7)),
    "word_edit_rate",
    "common_subsequence_low",
    "common_subsequence_high",
    "same_start",  # words before the first difference / the longer length
    "same_end",  # words after the last difference / the longer length
    "negation_mismatch",
    "number_changed",  # both have figures and they differ
    "length_low",
    "length_high",
)
_TER = TER()
_BLEU = BLEU(effective_order=True)


def words(text: str) -> list[str]:
    return [token.casefold() for token in _TOKEN_RE.findall(text)]


def _ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _precision(x: Sequence[str], y: Sequence[str], n: int) -> float:
    """BLEU's clipped n-gram precision of x against y."""
    grams_x, grams_y = _ngrams(x, n), _ngrams(y, n)
    total = sum(grams_x.values())
    if total == 0:
        return 0.0 if grams_y else 1.0
    return sum(min(count, grams_y[gram]) for gram, count in grams_x.items()) / total


def _edit_distance(x: Sequence[str], y: Sequence[str]) -> int:
    previous = list(range(len(y) + 1))
    for i, a in enumerate(x, 1):
        current = [i]
        for j, b in enumerate(y, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1]


def _common_subsequence(x: Sequence[str], y: Sequence[str]) -> int:
    previous = [0] * (len(y) + 1)
    for a in x:
        current = [0]
        for j, b in enumerate(y, 1):
            current.append(previous[j - 1] + 1 if a == b else max(previous[j], current[-1]))
        previous = current
    return previous[-1]


def _char_f1(x: Sequence[str], y: Sequence[str], n: int) -> float:
    """F1 of character n-grams of the words run together (chrF's statistic at one order)."""
    sx, sy = "".join(x), "".join(y)
    grams_x = Counter(sx[i : i + n] for i in range(len(sx) - n + 1))
    grams_y = Counter(sy[i : i + n] for i in range(len(sy) - n + 1))
    matched = sum(min(count, grams_y[gram]) for gram, count in grams_x.items())
    precision = matched / max(1, sum(grams_x.values()))
    recall = matched / max(1, sum(grams_y.values()))
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _low_high(u: float, v: float) -> list[float]:
    return [min(u, v), max(u, v)]


def mt_features(text_a: str, text_b: str) -> list[float]:
    """One row of :data:`MT_FEATURES`."""
    x, y = words(text_a), words(text_b)
    stems_x = [w[:STEM_LETTERS] for w in x]
    stems_y = [w[:STEM_LETTERS] for w in y]
    row: list[float] = []
    for n in (1, 2, 3, 4):
        row += _low_high(_precision(x, y, n), _precision(y, x, n))
    for n in (1, 2):
        row += _low_high(_precision(stems_x, stems_y, n), _precision(stems_y, stems_x, n))
    ter = [
        min(_TER.sentence_score(h, [r]).score / 100, 1.5)
        for h, r in ((text_a, text_b), (text_b, text_a))
    ]
    row += _low_high(*ter)
    bleu = [
        _BLEU.sentence_score(h, [r]).score / 100 for h, r in ((text_a, text_b), (text_b, text_a))
    ]
    row += _low_high(*bleu)
    row += [_char_f1(x, y, n) for n in range(1, 7)]
    longer = max(len(x), len(y), 1)
    row.append(_edit_distance(x, y) / longer)
    common = _common_subsequence(x, y)
    row += _low_high(common / max(len(x), 1), common / max(len(y), 1))
    start = 0
    while start < min(len(x), len(y)) and x[start] == y[start]:
        start += 1
    end = 0
    while end < min(len(x), len(y)) - start and x[-1 - end] == y[-1 - end]:
        end += 1
    row += [start / longer, end / longer]
    negations = [sum(w in _NEGATIONS for w in side) for side in (x, y)]
    row.append(float(negations[0] != negations[1]))
    figures = [{w.replace(",", "") for w in side if w[0].isdigit()} for side in (x, y)]
    row.append(float(bool(figures[0]) and bool(figures[1]) and figures[0] != figures[1]))
    row += _low_high(math.log1p(len(x)), math.log1p(len(y)))
    return row


def mt_table(rows: Sequence[tuple[int, str, str]]) -> np.ndarray:
    return np.array([mt_features(a, b) for _, a, b in rows], dtype=float)


DISCRIMINATIVE_FEATURES: tuple[str, ...] = (
    "weighted_shared_words",  # KL weight of the words on both sides / of the words on either
    "word_pattern_evidence",  # mean log-likelihood ratio of each word's pattern (both / one side)
    "word_pattern_total",
    "weighted_shared_pairs",  # the same for adjacent word pairs
    "pair_pattern_evidence",
    "pair_pattern_total",
    "weighted_residue_low",  # KL weight of a side's words the other lacks / of all its words
    "weighted_residue_high",
)


def _units(text: str) -> tuple[frozenset[str], frozenset[str]]:
    tokens = words(text)
    return frozenset(tokens), frozenset(f"{a} {b}" for a, b in pairwise(tokens))


class DiscriminativeWords:
    """TF-KLD-style word weights, fitted on the rows it is given (never on a test row)."""

    def __init__(self, rows: Sequence[tuple[int, str, str]]) -> None:
        self._units = [(_units(a), _units(b)) for _, a, b in rows]

    def fit(
        self, train: Sequence[int], labels: np.ndarray
    ) -> dict[str, tuple[float, float, float]]:
        """unit -> (KL weight, log-ratio when on both sides, log-ratio when on one side)."""
        counts: dict[str, list[int]] = {}
        for k in train:
            (words_x, pairs_x), (words_y, pairs_y) = self._units[k]
            label = int(labels[k])
            for x, y in ((words_x, words_y), (pairs_x, pairs_y)):
                for unit in x | y:
                    # [non-paraphrase one side, non-paraphrase both, paraphrase one, both]
                    counts.setdefault(unit, [0, 0, 0, 0])[
                        2 * label + (unit in x and unit in y)
                    ] += 1
        weights = {}
        for unit, (n0_one, n0_both, n1_one, n1_both) in counts.items():
            p = (n1_both + 1) / (n1_one + n1_both + 2)  # P(on both sides | paraphrase), smoothed
            q = (n0_both + 1) / (n0_one + n0_both + 2)
            kl = p * math.log(p / q) + (1 - p) * math.log((1 - p) / (1 - q))
            weights[unit] = (kl, math.log(p / q), math.log((1 - p) / (1 - q)))
        return weights

    def features(
        self, rows: Sequence[int], weights: dict[str, tuple[float, float, float]]
    ) -> np.ndarray:
        table = []
        for k in rows:
            (words_x, pairs_x), (words_y, pairs_y) = self._units[k]
            row: list[float] = []
            for x, y in ((words_x, words_y), (pairs_x, pairs_y)):
                # Sorted: float sums in a fixed order, whatever the string hash seed.
                either = sorted(x | y)
                total = sum(weights[u][0] for u in either if u in weights)
                shared = sum(weights[u][0] for u in either if u in weights and u in x and u in y)
                evidence = sum(
                    weights[u][1] if (u in x and u in y) else weights[u][2]
                    for u in either
                    if u in weights
                )
                row += [shared / total if total else 1.0, evidence / max(1, len(either)), evidence]
            residues = []
            for side, other in ((words_x, words_y), (words_y, words_x)):
                own = sorted(side)
                total = sum(weights[u][0] for u in own if u in weights)
                lacking = sum(weights[u][0] for u in own if u in weights and u not in other)
                residues.append(lacking / total if total else 0.0)
            row += _low_high(*residues)
            table.append(row)
        return np.array(table, dtype=float)


INNER_FOLDS = 5
INNER_SEED = 7


def inner_folds(train: Sequence[int], seed: int = INNER_SEED) -> list[list[int]]:
    order = list(train)
    random.Random(seed).shuffle(order)
    return [order[fold::INNER_FOLDS] for fold in range(INNER_FOLDS)]


def fold_features(
    model: DiscriminativeWords, train: Sequence[int], test: Sequence[int], labels: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(features of the training rows, each from weights fitted on the other inner folds;
    features of the test rows, from weights fitted on every training row)."""
    own: dict[int, np.ndarray] = {}
    for held in inner_folds(train):
        held_set = set(held)
        weights = model.fit([k for k in train if k not in held_set], labels)
        for k, row in zip(held, model.features(held, weights), strict=True):
            own[k] = row
    return np.array([own[k] for k in train]), model.features(test, model.fit(train, labels))
