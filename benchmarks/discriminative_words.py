"""TF-KLD-style discriminative word features for ``semantic_mrpc.py`` (issue 13, part 3).

Ji & Eisenstein (2013): for each word and word pair, how differently "present on both sides" is
distributed among paraphrases and non-paraphrases (a Kullback-Leibler divergence, the word's
weight), and the log-likelihood ratio of its pattern.  They are *learned from labels*, so they
are fitted on training rows only: :func:`fold_features` cross-fits the training rows' own
features on inner folds, so the learner above them never sees a weight that knew the row's
label.  Benchmark only: the app would have to ship a word table learned from MRPC.

``*_low``/``*_high`` are the smaller and larger of the two directions (symmetric features).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from itertools import pairwise

import numpy as np

from core.engine.sentence_pair import words

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
            row += [min(residues), max(residues)]
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
