"""Does semantic similarity help the monolingual paraphrase verdict?  (issue 13, part 3)

    python benchmarks/semantic_mrpc.py

MRPC training pairs (../shared/data/msrp), 10-fold cross-validated on the folds
``calibrate.py`` uses, each fold's model fitted on the other nine, nothing tuned on a test fold
(the learners' settings are fixed below).  Rows printed:

* the verdict as it is today (``calibrate.cross_validate``: identical / light edit rules, then
  the model), and the same logistic regression alone at 0.5 on the verdict's 18 word features;
* those plus the cosine of the two sentences' multilingual USE v3 embeddings (the encoder that
  aligns translations);
* those plus the richer use of the same encoder in :func:`semantic_features`: the words each
  sentence has that the other lacks (the *residues*) embedded and compared with each other and
  with the other sentence (is the extra wording a synonym, or extra information?); content
  words without an exact counterpart matched to their nearest word of the other sentence by
  embedding (a soft coverage); numbers and capitalised names missing on either side (MRPC's
  annotators call a pair with a changed figure or an extra name "not a paraphrase"); residue
  sizes and the difference in length;
* the semantic features alone;
* the machine-translation metrics of ``pair_features.py`` (M: BLEU n-gram precisions both
  ways, TER, character n-gram F-scores, edit rate, first / last difference, negation and
  figure mismatches) and the discriminative word weights (D: TF-KLD-style, learned on each
  fold's training rows only, the training rows' own values cross-fitted on inner folds), alone
  and combined with the families above -- every combination printed, kept or not;
* nested selection: for each test fold, the combination that wins a 5-fold cross-validation
  inside its nine training folds, then scored on the test fold (choosing the best row above
  after looking at it would be tuning on the test folds);
* with scikit-learn installed (it is *not* a dependency of the app, nor of the test extras):
  gradient-boosted trees and the average of their probability with the logistic regression's,
  fixed settings -- the learner question.

"vs W" counts the pairs a combination turns right and wrong against the 18 word features, with
McNemar's p (a paired comparison: the difference is real when it is large against their sum).
"""

from __future__ import annotations

import math
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
for _path in (ROOT, ROOT / "benchmarks"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from calibrate import FOLDS, MRPC, SEED, cross_validate, fit_logistic, load_mrpc, observe_all  # noqa: E402
from pair_features import (  # noqa: E402
    DISCRIMINATIVE_FEATURES,
    INNER_FOLDS,
    MT_FEATURES,
    DiscriminativeWords,
    fold_features,
    inner_folds,
    mt_table,
)

from core.engine import crosslang  # noqa: E402

SEMANTIC_FEATURES: tuple[str, ...] = (
    "cosine",  # the two sentences' embeddings
    "residue_cosine",  # A's words missing from B against B's words missing from A
    "residue_in_other_low",  # each residue against the whole other sentence
    "residue_in_other_high",
    "soft_coverage_low",  # content words found exactly or through their nearest word
    "soft_coverage_high",
    "nearest_word_low",  # mean cosine of an unmatched content word to its nearest partner
    "nearest_word_high",
    "numbers_missing_low",  # numbers of one side the other lacks
    "numbers_missing_high",
    "names_missing_low",  # capitalised words (not sentence-initial) the other side lacks
    "names_missing_high",
    "residue_words_low",  # log(1 + words of one side missing from the other)
    "residue_words_high",
    "length_difference",  # log(1 + |words of A - words of B|)
)

_TOKEN_RE = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*")
# Function words carry no meaning of their own: they are not embedded one by one.
_FUNCTION_WORD_LIST = (
    "the a an of to in and or for on at by with from as is are was were be been has have had it "
    "its this that these those he she they we you i his her their our not but which who will "
    "would said says also than then there after before about over into up out more most new"
)
_FUNCTION_WORDS = frozenset(_FUNCTION_WORD_LIST.split())
_ENCODE_BATCH = 256


def _encode(encoder: Any, texts: Sequence[str]) -> np.ndarray:
    """Unit vectors of the texts; an empty text gets the zero vector."""
    out = np.zeros((len(texts), 512), dtype=np.float32)
    present = [k for k, text in enumerate(texts) if text.strip()]
    for start in range(0, len(present), _ENCODE_BATCH):
        part = present[start : start + _ENCODE_BATCH]
        out[part] = encoder.encode([texts[k] for k in part])
    return out


def _cosine_rows(x: np.ndarray, y: np.ndarray, empty: float) -> np.ndarray:
    """Row-wise cosine; ``empty`` where either row is the zero vector."""
    norms = np.linalg.norm(x, axis=1) * np.linalg.norm(y, axis=1)
    dots = (x * y).sum(axis=1)
    return np.where(norms > 0, dots / np.maximum(norms, 1e-9), empty)


@dataclass(frozen=True)
class _Sentence:
    tokens: list[str]
    folded: set[str]
    content: list[str]  # distinct content words, folded, sorted
    numbers: set[str]
    names: set[str]


def _sentence(text: str) -> _Sentence:
    tokens = _TOKEN_RE.findall(text)
    folded = {t.casefold() for t in tokens}
    return _Sentence(
        tokens,
        folded,
        sorted(w for w in folded if w not in _FUNCTION_WORDS and not w[0].isdigit()),
        {t.replace(",", "") for t in tokens if t[0].isdigit()},
        {t.casefold() for t in tokens[1:] if t[0].isupper()},
    )


def _residue(x: _Sentence, y: _Sentence) -> str:
    return " ".join(t for t in x.tokens if t.casefold() not in y.folded)


def _soft_coverage(
    x: _Sentence, y: _Sentence, vectors: np.ndarray, index: dict[str, int]
) -> tuple[float, float]:
    """(share of x's content words found in y, exactly or by their nearest word's cosine;
    mean nearest-word cosine of the words without an exact counterpart)."""
    missing = [w for w in x.content if w not in y.folded]
    if not x.content or not missing:
        return 1.0, 1.0
    if not y.content:
        return (len(x.content) - len(missing)) / len(x.content), 0.0
    nearest = (vectors[[index[w] for w in missing]] @ vectors[[index[w] for w in y.content]].T).max(
        axis=1
    )
    found = len(x.content) - len(missing) + float(nearest.sum())
    return found / len(x.content), float(nearest.mean())


def semantic_features(rows: Sequence[tuple[int, str, str]], encoder: Any) -> np.ndarray:
    """One row of :data:`SEMANTIC_FEATURES` per sentence pair (symmetric: low/high)."""
    firsts = [_sentence(a) for _, a, _ in rows]
    seconds = [_sentence(b) for _, _, b in rows]
    e1 = _encode(encoder, [a for _, a, _ in rows])
    e2 = _encode(encoder, [b for _, _, b in rows])
    r1 = _encode(encoder, [_residue(x, y) for x, y in zip(firsts, seconds, strict=True)])
    r2 = _encode(encoder, [_residue(y, x) for x, y in zip(firsts, seconds, strict=True)])
    words = sorted({w for s in (*firsts, *seconds) for w in s.content})
    vectors = _encode(encoder, words)
    index = {w: k for k, w in enumerate(words)}
    cosine = (e1 * e2).sum(axis=1)
    residue_cosine = _cosine_rows(r1, r2, 0.0)
    in_other = np.stack([_cosine_rows(r1, e2, 1.0), _cosine_rows(r2, e1, 1.0)], axis=1)
    table = []
    for k, (x, y) in enumerate(zip(firsts, seconds, strict=True)):
        soft_x, near_x = _soft_coverage(x, y, vectors, index)
        soft_y, near_y = _soft_coverage(y, x, vectors, index)
        numbers = (len(x.numbers - y.numbers), len(y.numbers - x.numbers))
        names = (len(x.names - y.folded), len(y.names - x.folded))
        residue = (
            sum(t.casefold() not in y.folded for t in x.tokens),
            sum(t.casefold() not in x.folded for t in y.tokens),
        )
        table.append(
            [
                cosine[k],
                residue_cosine[k],
                in_other[k].min(),
                in_other[k].max(),
                min(soft_x, soft_y),
                max(soft_x, soft_y),
                min(near_x, near_y),
                max(near_x, near_y),
                min(numbers),
                max(numbers),
                min(names),
                max(names),
                np.log1p(min(residue)),
                np.log1p(max(residue)),
                np.log1p(abs(len(x.tokens) - len(y.tokens))),
            ]
        )
    return np.array(table, dtype=float)


def _folds(count: int) -> list[list[int]]:
    order = list(range(count))
    random.Random(SEED).shuffle(order)
    return [order[fold::FOLDS] for fold in range(FOLDS)]


Learner = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]


def logistic(train_x: np.ndarray, train_y: np.ndarray, test_x: np.ndarray) -> np.ndarray:
    """The verdict's own learner (``calibrate.fit_logistic``, its fixed L2)."""
    model = fit_logistic(train_x, train_y)
    z = model.intercept + ((test_x - np.array(model.means)) / np.array(model.scales)) @ np.array(
        model.weights
    )
    return 1.0 / (1.0 + np.exp(-z))


def accuracy(probability: np.ndarray, labels: np.ndarray) -> float:
    return float(((probability >= 0.5).astype(int) == labels).mean())


def _sklearn_learners() -> dict[str, Learner] | None:
    try:
        from sklearn.ensemble import HistGradientBoostingClassifier
        from threadpoolctl import threadpool_limits
    except ImportError:
        return None

    def trees(train_x: np.ndarray, train_y: np.ndarray, test_x: np.ndarray) -> np.ndarray:
        model = HistGradientBoostingClassifier(
            max_iter=150, learning_rate=0.05, max_leaf_nodes=8, min_samples_leaf=40, random_state=0
        )
        # One OpenMP thread: on a shared 2-core machine more threads only wait for each other.
        with threadpool_limits(1):
            model.fit(train_x, train_y)
            return np.asarray(model.predict_proba(test_x)[:, 1])

    def blend(train_x: np.ndarray, train_y: np.ndarray, test_x: np.ndarray) -> np.ndarray:
        return (logistic(train_x, train_y, test_x) + trees(train_x, train_y, test_x)) / 2

    return {"gradient-boosted trees": trees, "trees + logistic, probabilities averaged": blend}


@dataclass(frozen=True)
class Dataset:
    rows: tuple[tuple[int, str, str], ...]
    labels: np.ndarray
    word: np.ndarray  # the verdict's 18 features
    semantic: np.ndarray  # SEMANTIC_FEATURES
    mt: np.ndarray  # pair_features.MT_FEATURES
    verdict_accuracy: float  # today's verdict, cross-validated


def dataset(rows: Sequence[tuple[int, str, str]], encoder: Any) -> Dataset:
    observations = observe_all(rows)
    return Dataset(
        tuple(rows),
        np.array([obs.label for obs in observations]),
        np.array([obs.features for obs in observations], dtype=float),
        semantic_features(rows, encoder),
        mt_table(rows),
        cross_validate(observations).accuracy,
    )


# Feature families: W the verdict's 18 word features, C the sentence cosine, S the 15 semantic
# features (C among them), M the machine-translation metrics, D the discriminative word
# weights (learned on each fold's training rows: see pair_features.fold_features).
FAMILIES = {
    "W": "18 word features",
    "C": "sentence cosine",
    "S": f"{len(SEMANTIC_FEATURES)} semantic features (encoder)",
    "M": f"{len(MT_FEATURES)} MT-metric features",
    "D": f"{len(DISCRIMINATIVE_FEATURES)} discriminative-word features",
}
LOGISTIC_VARIANTS: tuple[str, ...] = (
    "W",
    "W+C",
    "W+S",
    "S",
    "M",
    "W+M",
    "W+S+M",
    "W+D",
    "W+S+D",
    "W+M+D",
    "W+S+M+D",
)
# The candidates nested selection chooses from (one learner: the app's logistic regression).
NESTED_CANDIDATES: tuple[str, ...] = (
    "W",
    "W+S",
    "W+M",
    "W+S+M",
    "W+D",
    "W+S+D",
    "W+M+D",
    "W+S+M+D",
)
TREE_VARIANTS: tuple[str, ...] = ("W+S", "W+M+D", "W+S+M+D")


class Experiment:
    """The fold-by-fold matrices of every feature family (D cross-fitted per fold)."""

    def __init__(self, data: Dataset) -> None:
        self.labels = data.labels
        self.folds = _folds(len(data.labels))
        fixed = {"W": data.word, "C": data.semantic[:, :1], "S": data.semantic, "M": data.mt}
        words = DiscriminativeWords(data.rows)
        self._splits: list[
            tuple[list[int], list[int], dict[str, tuple[np.ndarray, np.ndarray]]]
        ] = []
        for held in self.folds:
            held_set = set(held)
            train = [k for k in range(len(data.labels)) if k not in held_set]
            parts = {name: (table[train], table[held]) for name, table in fixed.items()}
            parts["D"] = fold_features(words, train, held, data.labels)
            self._splits.append((train, held, parts))

    def probabilities(self, variant: str, learner: Learner) -> np.ndarray:
        """Each pair's probability from the model of the folds it is not in."""
        probability = np.zeros(len(self.labels))
        for train, held, parts in self._splits:
            train_x = np.hstack([parts[name][0] for name in variant.split("+")])
            test_x = np.hstack([parts[name][1] for name in variant.split("+")])
            probability[held] = learner(train_x, self.labels[train], test_x)
        return probability

    def nested(
        self, candidates: Sequence[str], learner: Learner
    ) -> tuple[np.ndarray, Counter[str]]:
        """Each test fold scored by the candidate that won inner cross-validation on its
        training folds (the inner folds are those D's training rows were cross-fitted on)."""
        probability = np.zeros(len(self.labels))
        chosen: Counter[str] = Counter()
        for train, held, parts in self._splits:
            train_y = self.labels[train]
            position = {k: i for i, k in enumerate(train)}
            inner = [[position[k] for k in fold] for fold in inner_folds(train)]
            best, best_accuracy = candidates[0], -1.0
            for variant in candidates:
                x = np.hstack([parts[name][0] for name in variant.split("+")])
                right = 0
                for fold in inner:
                    fold_set = set(fold)
                    fit = [i for i in range(len(train)) if i not in fold_set]
                    p = learner(x[fit], train_y[fit], x[fold])
                    right += int(((p >= 0.5) == train_y[fold]).sum())
                if right / len(train) > best_accuracy:  # ties: the simpler, earlier candidate
                    best, best_accuracy = variant, right / len(train)
            chosen[best] += 1
            train_x = np.hstack([parts[name][0] for name in best.split("+")])
            test_x = np.hstack([parts[name][1] for name in best.split("+")])
            probability[held] = learner(train_x, train_y, test_x)
        return probability, chosen


@dataclass(frozen=True)
class Paired:
    """Pairs one model gets right and the other wrong, and McNemar's two-sided p."""

    fixed: int
    broken: int

    @property
    def p_value(self) -> float:
        if self.fixed + self.broken == 0:
            return 1.0
        chi = (abs(self.fixed - self.broken) - 1) ** 2 / (self.fixed + self.broken)
        return math.erfc(math.sqrt(chi / 2))


def paired(better: np.ndarray, baseline: np.ndarray, labels: np.ndarray) -> Paired:
    right_better = (better >= 0.5) == labels
    right_baseline = (baseline >= 0.5) == labels
    return Paired(
        int((right_better & ~right_baseline).sum()), int((right_baseline & ~right_better).sum())
    )


@dataclass(frozen=True)
class SemanticResult:
    verdict: float
    logistic: dict[str, float]  # variant -> accuracy
    versus_word: dict[str, Paired]  # variant -> against W
    nested: float
    nested_choices: dict[str, int]
    pairs: int

    @property
    def word(self) -> float:
        return self.logistic["W"]

    @property
    def with_semantic(self) -> float:
        return self.logistic["W+S"]

    @property
    def semantic_alone(self) -> float:
        return self.logistic["S"]


def evaluate(data: Dataset, experiment: Experiment | None = None) -> SemanticResult:
    experiment = experiment or Experiment(data)
    held = {variant: experiment.probabilities(variant, logistic) for variant in LOGISTIC_VARIANTS}
    nested, chosen = experiment.nested(NESTED_CANDIDATES, logistic)
    return SemanticResult(
        verdict=data.verdict_accuracy,
        logistic={variant: accuracy(p, data.labels) for variant, p in held.items()},
        versus_word={
            variant: paired(p, held["W"], data.labels)
            for variant, p in held.items()
            if variant != "W"
        },
        nested=accuracy(nested, data.labels),
        nested_choices=dict(sorted(chosen.items())),
        pairs=len(data.labels),
    )


def main() -> int:
    if not MRPC.is_file():
        print(f"skipped: {MRPC} is absent (needs ../shared/data)")
        return 0
    started = time.process_time()
    rows = load_mrpc()
    encoder = crosslang.encoder()
    data = dataset(rows, encoder)
    experiment = Experiment(data)
    result = evaluate(data, experiment)
    print(f"MRPC train, {result.pairs} pairs, {FOLDS}-fold cross-validated on calibrate.py's folds")
    for key, meaning in FAMILIES.items():
        print(f"  {key}: {meaning}")
    print(f"verdict (today's features and rules)        {result.verdict:.1%}")
    print("logistic regression (the app's learner, calibrate.fit_logistic):")
    for variant, score in result.logistic.items():
        line = f"  {variant:<10} {score:.2%}"
        if variant in result.versus_word:
            versus = result.versus_word[variant]
            line += f"   vs W: fixed {versus.fixed}, broken {versus.broken}"
            line += f", McNemar p {versus.p_value:.2g}"
        print(line)
    choices = ", ".join(f"{variant} x{count}" for variant, count in result.nested_choices.items())
    print(
        f"  nested selection among {', '.join(NESTED_CANDIDATES)} "
        f"(inner {INNER_FOLDS}-fold on each training part): {result.nested:.2%}"
        f"  (chosen: {choices})"
    )
    learners = _sklearn_learners()
    if learners is None:
        print("(scikit-learn not installed: the tree learners are skipped)")
    else:
        for name, learner in learners.items():
            for variant in TREE_VARIANTS:
                held = experiment.probabilities(variant, learner)
                print(f"  {name}, {variant}: {accuracy(held, data.labels):.2%}")
    print(f"(CPU {time.process_time() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
