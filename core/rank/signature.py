"""The MinHash signature of an article: the set of its stemmed, normalised words.

rensa's R-MinHash (``num_perm`` :data:`NUM_PERM`, seed :data:`MINHASH_SEED`): the same set
gives the same values in every process and every run.  Why single stemmed words, and why
rensa: ``docs/rank-design.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import rensa

from core.model import Document
from core.text.normalize import folded_words, stem_key

NUM_PERM = 128
MINHASH_SEED = 1


class Signature(Protocol):
    """A MinHash signature: :class:`rensa.RMinHash` (typed here: rensa ships no stubs)."""

    def digest(self) -> list[int]:
        """The NUM_PERM 32-bit hash values."""
        ...

    def jaccard(self, other: Signature, /) -> float:
        """Share of equal hash values: the estimated Jaccard similarity of the two sets."""
        ...


def vocabulary(document: Document) -> frozenset[str]:
    """The set the signature is made of: the document's distinct stemmed, folded words."""
    words = folded_words(document.text, document.token_starts, document.token_kinds)
    return frozenset(map(stem_key, words))


def signature_of(words: Iterable[str]) -> Signature:
    """The set's MinHash signature: the same set gives the same values in every process.

    rensa's full-set R-MinHash hashes each word with a fixed (FxHash) function and draws its
    permutations from ``MINHASH_SEED``, so nothing depends on Python's per-process string
    hashing or on the order of the words; sorting them is only a belt to those braces.
    Words go in as UTF-8 bytes (``surrogatepass``: text decoded with escapes may hold lone
    surrogates, which rensa's ``str`` path refuses); a ``str`` would hash the same bytes.
    """
    minhash = rensa.RMinHash(num_perm=NUM_PERM, seed=MINHASH_SEED)
    minhash.update([word.encode("utf-8", "surrogatepass") for word in sorted(words)])
    signature: Signature = minhash
    return signature
