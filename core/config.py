"""Engine configuration: normalisation options, limits and cancellation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from core.errors import CancelledError
from core.model import Granularity


def _never() -> bool:
    return False


@dataclass(frozen=True)
class CompareConfig:
    """Options of one comparison.

    The normalisation options only affect *matching*; what is displayed is always the
    original text.  ``should_cancel`` is polled between units of work; when it returns True
    the comparison stops and returns a result in state CANCELLED.
    """

    ignore_case: bool = True
    ignore_punctuation: bool = False
    normalize_quotes: bool = True  # curly vs straight quotes, dash variants
    granularity: Granularity = Granularity.WORD
    detect_moves: bool = True
    check_facts: bool = True  # numbers, dates, names, quotations (core/facts)
    # Sides in two different supported languages are aligned by meaning (a sentence encoder,
    # loaded on first use); off: compared word by word like any other pair.
    cross_language: bool = True
    # A reworded sentence pair whose words barely overlap is weighed by meaning (the same
    # encoder, loaded only when a would-be paraphrased passage or a pair whose word diff kept
    # no word needs it): as evidence of a paraphrased passage, and to decide whether such a
    # pair is drawn at all; off: by its words only.
    meaning_evidence: bool = True
    # ... and sentences no passage holds are searched for ones retold anywhere in the other
    # text, up to this many sentences a side, and as many long sentences' worth of characters
    # (core.engine.meaning.LONG_SENTENCE_CHARS; beyond it the search would cost seconds of
    # encoding; a book's lifted passages are found by their words).  Past the same size,
    # pairs whose word diff kept no word are drawn on their words alone.
    meaning_search_sentences: int = 400
    # Two single English sentences (or two a side): the paraphrase verdict also asks the same
    # encoder what they mean (core.engine.sentence_pair; loaded on first use).  Off: the word
    # features alone, as for articles.
    sentence_meaning: bool = True
    # Seconds diff-match-patch may spend on one aligned group; 0 means no limit.  Groups are
    # small (a few sentences) so the limit only matters for pathological input, where a
    # degraded diff is better than a hung window.
    diff_timeout: float = 2.0
    max_bytes: int = 64 * 1024 * 1024  # per file, before decoding
    max_words: int = 2_000_000  # per side
    should_cancel: Callable[[], bool] = field(default=_never, compare=False, repr=False)

    def with_options(self, **changes: object) -> CompareConfig:
        return replace(self, **changes)  # type: ignore[arg-type]

    def check_cancelled(self) -> None:
        if self.should_cancel():
            raise CancelledError("Comparison cancelled.")


DEFAULT_CONFIG = CompareConfig()
