"""The paraphrase verdict of two single sentences, helped by the sentence encoder (issue 13).

A pair of one- or two-sentence texts is what the verdict's model was calibrated on (MRPC's
news sentence pairs), and where its 18 word features are weakest: they cannot see that "grew"
says what "rose" said, nor that a changed figure makes "not a paraphrase".  For such a pair in
English, when the encoder is installed, the verdict's probability comes from a second logistic
regression (``SENTENCE_PAIR_MODEL``, written by ``benchmarks/semantic_mrpc.py --write``) over
the 18 word features plus

* :data:`SEMANTIC_FEATURES` -- what the multilingual sentence encoder (core.engine.crosslang's,
  the one that aligns translations) says: the sentence cosine; the words each sentence has that
  the other lacks (the *residues*) embedded and compared with each other and with the other
  sentence (a synonym, or extra information?); content words without an exact counterpart
  matched to their nearest word of the other sentence (a soft coverage); numbers and
  capitalised names missing on either side; residue sizes and the difference in length;
* :data:`MT_FEATURES` -- machine-translation metrics in both directions: BLEU's clipped n-gram
  precisions on words and 5-letter stems, sentence BLEU, TER, character n-gram F-scores, the
  word edit rate and longest common subsequence, where the first and last difference fall, a
  negation on one side only, a changed figure, both lengths.

MRPC, 10-fold cross-validated: 78.0% against 75.7% with the word features alone (README).
Articles (``VerdictThresholds.document_sentences`` sentences a side and more) keep the word
model: they were calibrated on whole documents, and are already right on every benchmark pair.
The encoder (150 MB, about a second to load) is loaded only for such a sentence pair, on the
comparison's own thread (off the GUI thread), once per process.  ``*_low``/``*_high`` are the
smaller and larger of the two directions (A against B, B against A): every feature is symmetric.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sacrebleu.metrics.bleu import BLEU
from sacrebleu.metrics.ter import TER

from core.engine import crosslang
from core.verdict.metrics import FEATURE_NAMES, ParaphraseModel, VerdictFeatures

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


_MT_TOKEN_RE = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*|n't")
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
    return [token.casefold() for token in _MT_TOKEN_RE.findall(text)]


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


SENTENCE_PAIR_FEATURES: tuple[str, ...] = (*FEATURE_NAMES, *SEMANTIC_FEATURES, *MT_FEATURES)


def sentence_pair_vectors(
    pairs: Sequence[tuple[str, str]], word_features: Sequence[Sequence[float]], encoder: Any
) -> np.ndarray:
    """One row of :data:`SENTENCE_PAIR_FEATURES` per pair (the word features given)."""
    rows = [(0, a, b) for a, b in pairs]
    return np.hstack(
        [
            np.array(word_features, dtype=float).reshape(len(pairs), len(FEATURE_NAMES)),
            semantic_features(rows, encoder),
            np.array([mt_features(a, b) for a, b in pairs], dtype=float).reshape(
                len(pairs), len(MT_FEATURES)
            ),
        ]
    )


def sentence_pair_probability(text_a: str, text_b: str, features: VerdictFeatures) -> float:
    """Probability that B says what A says, by :data:`SENTENCE_PAIR_MODEL` (loads the encoder)."""
    vector = sentence_pair_vectors([(text_a, text_b)], [features.vector()], crosslang.encoder())
    return SENTENCE_PAIR_MODEL.probability_of(tuple(float(x) for x in vector[0]))


# --- generated by benchmarks/semantic_mrpc.py: do not edit by hand -------------------------------
SENTENCE_PAIR_MODEL = ParaphraseModel(
    means=(
        0.490339,  # word_similarity
        0.454676,  # containment_low
        0.536121,  # containment_high
        0.245559,  # shingle_jaccard
        0.619892,  # chrf
        0.574639,  # edit_rate
        0.851236,  # length_ratio
        0.615549,  # stem_coverage_low
        0.725454,  # stem_coverage_high
        0.435135,  # bigram_coverage_low
        0.517971,  # bigram_coverage_high
        0.334447,  # trigram_coverage_low
        0.402073,  # trigram_coverage_high
        1.188168,  # unmatched_low
        1.703358,  # unmatched_high
        0.775882,  # number_jaccard
        0.426644,  # has_numbers
        0.533958,  # topic_overlap
        0.766958,  # cosine
        0.296105,  # residue_cosine
        0.123407,  # residue_in_other_low
        0.230647,  # residue_in_other_high
        0.811696,  # soft_coverage_low
        0.884028,  # soft_coverage_high
        0.520317,  # nearest_word_low
        0.627848,  # nearest_word_high
        0.229146,  # numbers_missing_low
        0.472522,  # numbers_missing_high
        0.34053,  # names_missing_low
        1.251717,  # names_missing_high
        1.569377,  # residue_words_low
        2.050937,  # residue_words_high
        1.24515,  # length_difference
        0.607776,  # precision1_low
        0.717214,  # precision1_high
        0.440174,  # precision2_low
        0.524421,  # precision2_high
        0.340204,  # precision3_low
        0.409166,  # precision3_high
        0.271084,  # precision4_low
        0.329547,  # precision4_high
        0.618543,  # stem_precision1_low
        0.729822,  # stem_precision1_high
        0.447482,  # stem_precision2_low
        0.532942,  # stem_precision2_high
        0.523303,  # ter_low
        0.629971,  # ter_high
        0.371451,  # bleu_low
        0.375322,  # bleu_high
        0.842276,  # char1_f1
        0.698858,  # char2_f1
        0.624179,  # char3_f1
        0.580971,  # char4_f1
        0.545854,  # char5_f1
        0.514245,  # char6_f1
        0.515277,  # word_edit_rate
        0.572483,  # common_subsequence_low
        0.675988,  # common_subsequence_high
        0.107283,  # same_start
        0.107744,  # same_end
        0.05054,  # negation_mismatch
        0.175417,  # number_changed
        2.894698,  # length_low
        3.05482,  # length_high
    ),
    scales=(
        0.250669,  # word_similarity
        0.235877,  # containment_low
        0.274013,  # containment_high
        0.176238,  # shingle_jaccard
        0.150634,  # chrf
        0.241512,  # edit_rate
        0.099284,  # length_ratio
        0.147391,  # stem_coverage_low
        0.159543,  # stem_coverage_high
        0.188214,  # bigram_coverage_low
        0.217169,  # bigram_coverage_high
        0.205967,  # trigram_coverage_low
        0.243419,  # trigram_coverage_high
        0.525304,  # unmatched_low
        0.391357,  # unmatched_high
        0.393142,  # number_jaccard
        0.49459,  # has_numbers
        0.177499,  # topic_overlap
        0.131198,  # cosine
        0.181972,  # residue_cosine
        0.117869,  # residue_in_other_low
        0.180837,  # residue_in_other_high
        0.086461,  # soft_coverage_low
        0.081368,  # soft_coverage_high
        0.102531,  # nearest_word_low
        0.155547,  # nearest_word_high
        0.689537,  # numbers_missing_low
        0.959934,  # numbers_missing_high
        0.687285,  # names_missing_low
        1.335128,  # names_missing_high
        0.521932,  # residue_words_low
        0.366395,  # residue_words_high
        0.625145,  # length_difference
        0.144697,  # precision1_low
        0.156717,  # precision1_high
        0.188802,  # precision2_low
        0.217365,  # precision2_high
        0.207449,  # precision3_low
        0.244902,  # precision3_high
        0.210972,  # precision4_low
        0.253454,  # precision4_high
        0.145199,  # stem_precision1_low
        0.156323,  # stem_precision1_high
        0.190421,  # stem_precision2_low
        0.218351,  # stem_precision2_high
        0.180058,  # ter_low
        0.239288,  # ter_high
        0.185622,  # bleu_low
        0.186419,  # bleu_high
        0.066526,  # char1_f1
        0.127083,  # char2_f1
        0.157703,  # char3_f1
        0.170872,  # char4_f1
        0.180838,  # char5_f1
        0.190528,  # char6_f1
        0.195376,  # word_edit_rate
        0.148871,  # common_subsequence_low
        0.165861,  # common_subsequence_high
        0.173503,  # same_start
        0.174667,  # same_end
        0.219056,  # negation_mismatch
        0.380323,  # number_changed
        0.269655,  # length_low
        0.249855,  # length_high
    ),
    weights=(
        -0.046233,  # word_similarity
        -0.045174,  # containment_low
        -0.051872,  # containment_high
        0.682937,  # shingle_jaccard
        -0.083982,  # chrf
        0.031855,  # edit_rate
        -0.36252,  # length_ratio
        0.201596,  # stem_coverage_low
        -0.647241,  # stem_coverage_high
        0.149876,  # bigram_coverage_low
        -0.150026,  # bigram_coverage_high
        0.099172,  # trigram_coverage_low
        -0.152979,  # trigram_coverage_high
        -0.02043,  # unmatched_low
        -0.304724,  # unmatched_high
        -0.071895,  # number_jaccard
        -0.04827,  # has_numbers
        -0.151731,  # topic_overlap
        0.162811,  # cosine
        0.587252,  # residue_cosine
        -0.144432,  # residue_in_other_low
        0.052747,  # residue_in_other_high
        0.069684,  # soft_coverage_low
        0.148247,  # soft_coverage_high
        -0.120374,  # nearest_word_low
        0.2173,  # nearest_word_high
        -0.216094,  # numbers_missing_low
        -0.135871,  # numbers_missing_high
        -0.187069,  # names_missing_low
        0.329461,  # names_missing_high
        -0.002989,  # residue_words_low
        -0.104039,  # residue_words_high
        0.108209,  # length_difference
        0.468009,  # precision1_low
        0.172139,  # precision1_high
        0.100627,  # precision2_low
        -0.094104,  # precision2_high
        -0.186238,  # precision3_low
        -0.35641,  # precision3_high
        -0.093819,  # precision4_low
        -0.175223,  # precision4_high
        0.352937,  # stem_precision1_low
        -0.173478,  # stem_precision1_high
        0.084337,  # stem_precision2_low
        -0.26188,  # stem_precision2_high
        -0.185266,  # ter_low
        -0.298649,  # ter_high
        -0.034943,  # bleu_low
        -0.267767,  # bleu_high
        0.081678,  # char1_f1
        0.2866,  # char2_f1
        0.547131,  # char3_f1
        0.200719,  # char4_f1
        -0.410807,  # char5_f1
        -0.446947,  # char6_f1
        -0.345016,  # word_edit_rate
        0.476144,  # common_subsequence_low
        -0.134648,  # common_subsequence_high
        -0.167624,  # same_start
        -0.008027,  # same_end
        -0.206548,  # negation_mismatch
        -0.109187,  # number_changed
        -0.17697,  # length_low
        0.091717,  # length_high
    ),
    intercept=1.175858,
)
# --- end of generated block ----------------------------------------------------------------------
