"""Does semantic similarity help the monolingual paraphrase verdict?  (issue 13, part 3)

    python benchmarks/semantic_mrpc.py

MRPC training pairs (../shared/data/msrp): the verdict's 18 features (as ``calibrate.py``
computes them) with and without one more, the cosine of the two sentences' multilingual USE v3
embeddings (the encoder that aligns translations).  Both models are the same L2-regularised
logistic regression, scored by 10-fold cross-validation on the same folds, each fold fitted
on the other nine; "verdict" is the full decision (identical / light edit rules, then the
model) as ``calibrate.cross_validate`` scores it, "model" the logistic regression alone at 0.5.
The feature is kept at run time only if it helps on held-out folds.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
for _path in (ROOT, ROOT / "benchmarks"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from calibrate import FOLDS, MRPC, SEED, cross_validate, fit_logistic, load_mrpc, observe_all  # noqa: E402

from core.engine import crosslang  # noqa: E402


def model_accuracy(features: np.ndarray, labels: np.ndarray) -> float:
    order = list(range(len(labels)))
    random.Random(SEED).shuffle(order)
    correct = 0
    for fold in range(FOLDS):
        held = order[fold::FOLDS]
        held_set = set(held)
        train = [k for k in order if k not in held_set]
        model = fit_logistic(features[train], labels[train])
        means = np.array(model.means)
        scales = np.array(model.scales)
        z = model.intercept + ((features[held] - means) / scales) @ np.array(model.weights)
        correct += int(((z >= 0).astype(int) == labels[held]).sum())
    return correct / len(labels)


def main() -> int:
    if not MRPC.is_file():
        print(f"skipped: {MRPC} is absent (needs ../shared/data)")
        return 0
    started = time.perf_counter()
    rows = load_mrpc()
    observations = observe_all(rows)
    encoder = crosslang.encoder()
    first = encoder.encode([a for _, a, _ in rows])
    second = encoder.encode([b for _, _, b in rows])
    cosine = (first * second).sum(axis=1)
    labels = np.array([obs.label for obs in observations])
    plain = np.array([obs.features for obs in observations])
    with_cosine = np.hstack([plain, cosine[:, None]])
    verdict = cross_validate(observations)
    print(f"MRPC train, {len(rows)} pairs, {FOLDS}-fold cross-validated")
    print(f"  verdict (today's features)             {verdict.accuracy:.1%}")
    print(f"  model alone, 18 word features          {model_accuracy(plain, labels):.1%}")
    print(f"  model alone, + semantic similarity     {model_accuracy(with_cosine, labels):.1%}")
    print(f"  semantic similarity alone              {model_accuracy(cosine[:, None], labels):.1%}")
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
