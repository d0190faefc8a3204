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
* with scikit-learn installed (it is *not* a dependency of the app): gradient-boosted trees on
  the same features and the average of their probability with the logistic regression's --
  the learner question, answered with fixed settings.

"fixed / broken" counts the pairs the semantic features turn right and wrong against the 18
word features (a paired comparison: the difference is real when it is large against their sum).
"""

from __future__ import annotations

import random
import re
import sys
import time
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


def held_out_probabilities(
    features: np.ndarray, labels: np.ndarray, learner: Learner
) -> np.ndarray:
    """Each pair's probability from the model of the folds it is not in."""
    probability = np.zeros(len(labels))
    for held in _folds(len(labels)):
        held_set = set(held)
        train = [k for k in range(len(labels)) if k not in held_set]
        probability[held] = learner(features[train], labels[train], features[held])
    return probability


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
class SemanticResult:
    verdict: float
    word: float  # logistic regression, the 18 word features
    with_cosine: float
    with_semantic: float
    semantic_alone: float
    fixed: int  # pairs right with the semantic features and wrong without
    broken: int
    pairs: int


@dataclass(frozen=True)
class Dataset:
    labels: np.ndarray
    word: np.ndarray  # the verdict's 18 features
    semantic: np.ndarray  # SEMANTIC_FEATURES
    verdict_accuracy: float  # today's verdict, cross-validated


def dataset(rows: Sequence[tuple[int, str, str]], encoder: Any) -> Dataset:
    observations = observe_all(rows)
    return Dataset(
        np.array([obs.label for obs in observations]),
        np.array([obs.features for obs in observations], dtype=float),
        semantic_features(rows, encoder),
        cross_validate(observations).accuracy,
    )


def evaluate(data: Dataset) -> SemanticResult:
    labels, word, semantic = data.labels, data.word, data.semantic
    cosine = semantic[:, :1]
    plain = held_out_probabilities(word, labels, logistic)
    richer = held_out_probabilities(np.hstack([word, semantic]), labels, logistic)
    right_plain = (plain >= 0.5) == labels
    right_richer = (richer >= 0.5) == labels
    return SemanticResult(
        verdict=data.verdict_accuracy,
        word=accuracy(plain, labels),
        with_cosine=accuracy(
            held_out_probabilities(np.hstack([word, cosine]), labels, logistic), labels
        ),
        with_semantic=accuracy(richer, labels),
        semantic_alone=accuracy(held_out_probabilities(semantic, labels, logistic), labels),
        fixed=int((right_richer & ~right_plain).sum()),
        broken=int((right_plain & ~right_richer).sum()),
        pairs=len(labels),
    )


def main() -> int:
    if not MRPC.is_file():
        print(f"skipped: {MRPC} is absent (needs ../shared/data)")
        return 0
    started = time.process_time()
    rows = load_mrpc()
    encoder = crosslang.encoder()
    data = dataset(rows, encoder)
    result = evaluate(data)
    print(f"MRPC train, {result.pairs} pairs, {FOLDS}-fold cross-validated (logistic regression)")
    print(f"  verdict (today's features and rules)       {result.verdict:.1%}")
    print(f"  18 word features                           {result.word:.1%}")
    print(f"  + sentence cosine                          {result.with_cosine:.1%}")
    print(
        f"  {f'+ {len(SEMANTIC_FEATURES)} semantic features':<43}"
        f"{result.with_semantic:.1%}  (fixed {result.fixed}, broken {result.broken} pairs)"
    )
    print(f"  semantic features alone                    {result.semantic_alone:.1%}")
    learners = _sklearn_learners()
    if learners is None:
        print("  (scikit-learn not installed: the tree learners are skipped)")
    else:
        both = np.hstack([data.word, data.semantic])
        for name, learner in learners.items():
            held = held_out_probabilities(both, data.labels, learner)
            print(f"  {name}, word + semantic: {accuracy(held, data.labels):.1%}")
    print(f"(CPU {time.process_time() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
