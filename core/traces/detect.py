"""Finding the traces: word-level alignment of the aligned sentence groups, then the checks.

The comparison's blocks say which sentences of A and B belong together.  Consecutive blocks
are joined into windows (a fused sentence pair often straddles two blocks) and the casefolded
words of each window are aligned once more with diff-match-patch, so that every word of B has
its counterpart in A where there is one.  The checks then look at each word pair, each pair
of neighbouring words (the gap between them: a stop or none) and each small replaced piece.
"""

from __future__ import annotations

import operator
import re
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat

import fast_diff_match_patch as dmp

from core.facts.names import TITLES
from core.model import Block, BlockKind, Comparison, Document, ResultState, TextRange, TokenKind
from core.traces import lexicon
from core.traces.model import Trace, TraceKind

_STOPS = frozenset(".!?…。！？")
_HARD_PUNCT = _STOPS | frozenset(";:")
_MID_GAP = frozenset(",;)")  # what may stand between two words of one clause, besides spaces
# Lowercase abbreviations that end with a dot and go on in lowercase ("etc. in").
_ABBREVIATIONS = frozenset({"etc", "vs", "approx", "incl", "esp", "cf", "al", "ca", "ibid"})
_DIGIT_RE = re.compile(r"\d")
_FIRST_CODE = 0x10000  # word ids as code points from the supplementary planes
_MAX_WINDOW_BLOCKS = 200  # a long run of aligned blocks is diffed in pieces
_DIFF_SECONDS = 1.0
# A word-by-word swap counts where the rest of B's sentence is A's, word for word: a spinner
# changes words and keeps the sentence; a translator rebuilds it.
_SWAP_KEPT = 0.75
_TITLE_SHARE = 0.5  # a quotation or line with this share of capitalised words is a title
_HEADLINE_WORDS = 30  # a longer one-sentence paragraph is not a headline
_QUOTED_TITLE_WORDS = 12  # a longer quotation is speech, not the name of something
# Straight quotes open and close alike: they count as both.
# Single quotes are left out: "’" is an apostrophe too ("China’s").
_OPEN_QUOTES = frozenset('“«„"')
_CLOSE_QUOTES = frozenset('”»"')
# A headline may ask a question; it does not end with a full stop.
_FINAL_STOP_RE = re.compile(r"[.!…。！][\"'”’»)\]]*$")
# A word whose casefolded form is this common in the language is a common noun as well as a
# name's word ("Summit", "Province", "Party"): whether it belongs to the name is a choice.
_COMMON_ZIPF = 3.0
_CLAUSE_OPENERS = frozenset(";)")
# Lowercase words inside names ("Ministry of Education", "Bosnia and Herzegovina").
_NAME_CONNECTORS = frozenset({"of", "and", "for", "the", "on", "de", "la", "du", "van", "von"})
# A word A capitalises in running text at this many places, and never writes in lowercase, is
# a name to A: B lowercasing it everywhere is damage, not a house style.
_NAME_EVIDENCE = 2
# Case changes this close together (in words, inside one clause) are one term recased.
_TERM_REACH = 3
# Running text has function words around any word; a list of items or specifications ("Low-power
# encoder cable Medium power line ...") has almost none.  Lowercase words looked at on each
# side, and the fewest function words among them that make a stretch running text.
_RUNNING_REACH = 4
_RUNNING_FUNCTION_WORDS = 2
_RUNNING_MIN_AROUND = 6  # fewer neighbours in the sentence (a short line): running text
_RUNNING_SCAN = 4 * _RUNNING_REACH  # words looked at on each side at most


def _stripped_gap(gap: str) -> str:
    return "".join(gap.split())


_MID_CHUNK = 50_000  # gaps sliced at a time (bounds the transient list on a book)
_WORD_MASK = bytes(1 if kind == TokenKind.WORD else 0 for kind in range(256))


@dataclass
class _Side:
    """Word positions of one document, with the per-word facts the checks need.

    Per word, flat arrays built in bulk (``compress``/``map``, no Python code per token):
    its token, sentence and character range.  A book has a million words; a list of ints per
    word would be 36 bytes a word, the arrays are 4.
    """

    doc: Document
    words: array[int] = field(default_factory=lambda: array("i"))  # token index of each word
    sentence_of: array[int] = field(default_factory=lambda: array("i"))
    starts: array[int] = field(default_factory=lambda: array("i"))  # character range of each
    ends: array[int] = field(default_factory=lambda: array("i"))  # word
    sentence_starts: list[int] = field(default_factory=list)
    _paragraph_of: list[int] = field(default_factory=list)  # by sentence
    _title: dict[int, bool] = field(default_factory=dict)
    _mid: dict[int, bool] = field(default_factory=dict)
    _mid_flags: bytearray | None = None  # mid_sentence of every word, once asked for all

    def __post_init__(self) -> None:
        is_word = self.doc.token_kinds.translate(_WORD_MASK)
        for sentence in self.doc.sentences:
            self.sentence_starts.append(sentence.start)
            first, last = sentence.token_start, sentence.token_end
            count = is_word.count(1, first, last)
            if count:
                self.words.extend(compress(range(first, last), is_word[first:last]))
                self.sentence_of.extend(repeat(sentence.index, count))
        self._paragraph_of = [sentence.paragraph for sentence in self.doc.sentences]
        token_starts = self.doc.token_starts
        self.starts = array("i", map(token_starts.__getitem__, self.words))
        self.ends = array("i", map(token_starts.__getitem__, map((1).__add__, self.words)))

    def span(self, first_sentence: int, last_sentence: int) -> tuple[int, int]:
        sentences = self.doc.sentences
        lo = bisect_left(self.words, sentences[first_sentence].token_start)
        hi = bisect_left(self.words, sentences[last_sentence].token_end)
        return lo, hi

    def text(self, position: int) -> str:
        return self.doc.text[self.starts[position] : self.ends[position]]

    def texts(self, lo: int, hi: int) -> Iterator[str]:
        """The words ``lo`` to ``hi - 1``, sliced in C."""
        return map(self.doc.text.__getitem__, map(slice, self.starts[lo:hi], self.ends[lo:hi]))

    def start(self, position: int) -> int:
        return self.starts[position]

    def end(self, position: int) -> int:
        return self.ends[position]

    def gap(self, position: int) -> str:
        """The text between word ``position - 1`` and word ``position``."""
        return self.doc.text[self.ends[position - 1] : self.starts[position]]

    def same_paragraph(self, first: int, second: int) -> bool:
        paragraph_of = self._paragraph_of
        sentence_of = self.sentence_of
        return paragraph_of[sentence_of[first]] == paragraph_of[sentence_of[second]]

    def mid_sentence(self, position: int) -> bool:
        """Inside a clause: a word of the same paragraph before it, only spaces/commas between."""
        if self._mid_flags is not None:
            return bool(self._mid_flags[position])
        cached = self._mid.get(position)
        if cached is None:
            cached = position > 0 and self._mid_after(
                self.same_paragraph(position - 1, position), self.gap(position)
            )
            self._mid[position] = cached
        return cached

    @staticmethod
    def _mid_after(same_paragraph: bool, gap: str) -> bool:
        return same_paragraph and (gap == " " or set(_stripped_gap(gap)) <= _MID_GAP)

    def mid_flags(self) -> bytearray:
        """:meth:`mid_sentence` of every word at once (a case profile asks about most words),
        a chunk of gaps at a time."""
        if self._mid_flags is None:
            text = self.doc.text
            paragraph = array("i", map(self._paragraph_of.__getitem__, self.sentence_of))
            flags = bytearray(1)  # the first word follows nothing
            for lo in range(1, len(self.words), _MID_CHUNK):
                hi = min(lo + _MID_CHUNK, len(self.words))
                gaps = list(
                    map(
                        text.__getitem__, map(slice, self.ends[lo - 1 : hi - 1], self.starts[lo:hi])
                    )
                )
                same = map(operator.eq, paragraph[lo - 1 : hi - 1], paragraph[lo:hi])
                # a book has a few hundred different gaps: each is looked at once
                gap_ok = {gap: self._mid_after(True, gap) for gap in dict.fromkeys(gaps)}
                chunk = bytes(map(operator.and_, same, map(gap_ok.__getitem__, gaps)))
                flags += chunk
            del flags[len(self.words) :]  # no words: no first word either
            self._mid_flags = flags
        return self._mid_flags

    def same_run(self, other: _Side, lo: int, other_lo: int, length: int) -> bool:
        """Words ``lo``.. here and ``other_lo``.. there are the same text, character for
        character, gaps between them included (an untouched run of words: no trace in it)."""
        start, end = self.starts[lo], self.ends[lo + length - 1]
        other_start, other_end = other.starts[other_lo], other.ends[other_lo + length - 1]
        if end - start != other_end - other_start:
            return False
        if self.doc.text[start:end] != other.doc.text[other_start:other_end]:
            return False
        shift = other_start - start
        return (
            array("i", map(shift.__add__, self.starts[lo : lo + length]))
            == (other.starts[other_lo : other_lo + length])
            and array("i", map(shift.__add__, self.ends[lo : lo + length]))
            == (other.ends[other_lo : other_lo + length])
        )

    def capital_run(self, position: int) -> bool:
        """A capitalised word next to another one with only spaces between ("Human Rights"),
        or right after an acronym ("SF Express", "BBC News"): part of a name."""
        return self.text(position)[:1].isupper() and (
            self.capital_neighbour(position) or self.after_acronym(position)
        )

    def after_acronym(self, position: int) -> bool:
        """Right after an acronym, spaces only between, inside a clause ("SF Express")."""
        before = position - 1
        if before < 0 or _stripped_gap(self.gap(position)) or not self.mid_sentence(position):
            return False
        word = self.text(before)
        return len(word) > 1 and word.isalpha() and word.isupper()

    def capital_neighbour(self, position: int) -> bool:
        """A capitalised word right before or after this one, with only spaces between, or
        across one short lowercase connector ("Literacy of Consumers")."""
        return self.capital_side(position, -1) or self.capital_side(position, 1)

    def capital_side(self, position: int, step: int) -> bool:
        """``capital_neighbour`` on one side: ``step`` -1 looks before, +1 after."""
        other = position + step
        if self.capital_at(position, other):
            return True
        beyond = other + step
        return (
            0 <= other < len(self.words)
            and 0 <= beyond < len(self.words)
            and self.text(other).islower()
            and len(self.text(other)) <= 3
            and not _stripped_gap(self.gap(max(other, position)))
            and self.capital_at(other, beyond)
        )

    def name_tail(self, position: int) -> bool:
        """The last word of a run of capitalised words, right after the one before it
        ("Qinghai Lake Basin", "Council Summit")."""
        return (
            self.capital_at(position, position - 1)
            and not self.capital_at(position, position + 1)
            and not self._joined_to_capital(position, steps=(1,))
        )

    def _joined_to_capital(self, position: int, steps: tuple[int, ...] = (-1, 1)) -> bool:
        """A capitalised word across a name's connector ("Ministry of Education")."""
        for step in steps:
            other, beyond = position + step, position + 2 * step
            if (
                0 <= beyond < len(self.words)
                and self.text(other) in _NAME_CONNECTORS
                and not _stripped_gap(self.gap(max(other, position)))
                and self.capital_at(other, beyond)
            ):
                return True
        return False

    def standalone(self, position: int) -> bool:
        """Running text, not part of a capitalised run, a headline or a quoted title: where a
        capital says the word is a name ("in Geneva", "China and")."""
        return not (
            self.capital_at(position, position - 1)
            or self.capital_at(position, position + 1)
            or self._joined_to_capital(position)
            or self.in_title(position)
            or self.in_quoted_title(position)
        )

    def capital_at(self, position: int, other: int) -> bool:
        """Word ``other`` (next to ``position``) is capitalised, spaces only between."""
        if not 0 <= other < len(self.words) or not self.same_paragraph(other, position):
            return False
        neighbour = self.text(other)
        if _stripped_gap(self.gap(max(other, position))) or not _is_cased_word(neighbour):
            return False
        if not self.mid_sentence(max(other, position)) or not self.mid_sentence(other):
            return False  # a capital at a sentence start ("It's", "The") is positional
        return neighbour[:1].isupper()

    def title_cased(self, position: int) -> bool:
        """The word's sentence is set in title case: at least half of its longer words after
        the first are capitalised, not counting the word itself (one damaged word does not
        make a line title case)."""
        sentence = self.sentence_of[position]
        lo = bisect_left(self.sentence_of, sentence)
        hi = bisect_right(self.sentence_of, sentence)
        long_words = [
            self.text(p) for p in range(lo + 1, hi) if p != position and len(self.text(p)) >= 4
        ]
        capitals = sum(1 for w in long_words if w[:1].isupper())
        return len(long_words) >= 2 and capitals >= _TITLE_SHARE * len(long_words)

    def running_text(self, position: int, function: frozenset[str]) -> bool:
        """The words around this one read as running text, not as a list of items or
        specifications: enough of the nearest lowercase words in its sentence (up to
        ``_RUNNING_REACH`` on each side) are function words.  Too few of them to tell (a short
        line) count as running text."""
        sentence = self.sentence_of[position]
        around: list[str] = []
        for step in (-1, 1):
            other, taken = position + step, 0
            # a bounded look: a run of capitalised words (a long list of names) is not scanned
            # to its end
            last = position + step * _RUNNING_SCAN
            while taken < _RUNNING_REACH and 0 <= other < len(self.words) and other != last:
                if self.sentence_of[other] != sentence:
                    break
                word = self.text(other)
                if word[:1].islower():  # names and numbers say nothing about the syntax
                    around.append(word)
                    taken += 1
                other += step
        if len(around) < _RUNNING_MIN_AROUND:
            return True
        return sum(1 for word in around if word in function) >= _RUNNING_FUNCTION_WORDS

    def after_label(self, position: int) -> bool:
        """Right after a numbered label ("Article 23 Each", "2021.6.11 Part of"): a number
        that opens its sentence or follows a capitalised word; what comes next starts a new
        unit, and its capital is positional."""
        number = position - 1
        if number < 0 or _DIGIT_RE.search(self.text(number)) is None:
            return False
        if _stripped_gap(self.gap(position)) or not self.same_paragraph(number, position):
            return False
        if number == 0 or not self.mid_sentence(number):
            return True
        return self.text(number - 1)[:1].isupper() and not _stripped_gap(self.gap(number))

    def list_number(self, position: int) -> bool:
        """A number that is a sentence of its own ("2." before a list item)."""
        if _DIGIT_RE.search(self.text(position)) is None:
            return False
        sentence = self.sentence_of[position]
        alone_before = position == 0 or self.sentence_of[position - 1] != sentence
        alone_after = position + 1 >= len(self.words) or self.sentence_of[position + 1] != sentence
        return alone_before and alone_after

    def in_title(self, position: int) -> bool:
        """A headline: a paragraph of one short sentence without a final stop, first in the
        story or set in title case (a headline's case is the desk's style, not damage).  A
        sentence full of names ("Xinhua News Agency Beijing, December 11") is not a title,
        however many capitals it has."""
        sentence = self.sentence_of[position]
        cached = self._title.get(sentence)
        if cached is None:
            cached = self._headline(sentence)
            self._title[sentence] = cached
        return cached

    def _headline(self, sentence: int) -> bool:
        sentences = self.doc.sentences
        paragraph = sentences[sentence].paragraph
        alone = all(
            sentences[other].paragraph != paragraph
            for other in (sentence - 1, sentence + 1)
            if 0 <= other < len(sentences)
        )
        if not alone:
            return False
        lo = bisect_left(self.sentence_of, sentence)
        hi = bisect_right(self.sentence_of, sentence)
        if hi - lo > _HEADLINE_WORDS:
            return False
        tail = self.doc.text[sentences[sentence].start : sentences[sentence].end].rstrip()
        if _FINAL_STOP_RE.search(tail):
            return False
        if paragraph == sentences[0].paragraph:
            return True  # the story's first line
        # elsewhere a line without a stop is a chat line or a list item unless in title case
        long_words = [self.text(p) for p in range(lo + 1, hi) if len(self.text(p)) >= 4]
        capitals = sum(1 for w in long_words if w[:1].isupper())
        return len(long_words) >= 3 and capitals >= _TITLE_SHARE * len(long_words)

    def in_quoted_title(self, position: int) -> bool:
        """Inside a quotation set in title case ("Crossing the River by Feeling the Stones"):
        the name of a campaign, a book or an event, whose case is the writer's choice."""
        span = self._quoted_span(position)
        if span is None:
            return False
        lo, hi = span
        long_words = [self.text(p) for p in range(lo, hi) if len(self.text(p)) >= 4]
        capitals = sum(1 for w in long_words if w[:1].isupper())
        return len(long_words) >= 2 and capitals >= _TITLE_SHARE * len(long_words)

    def _quoted_span(self, position: int) -> tuple[int, int] | None:
        """Word positions [lo, hi) of the quotation around a word, within its sentence."""
        sentence = self.sentence_of[position]
        first = bisect_left(self.sentence_of, sentence)
        last = bisect_right(self.sentence_of, sentence)
        lo = position
        while True:
            gap = set(self.gap(lo)) if lo > 0 else set()
            if gap & _OPEN_QUOTES:
                break
            if lo == first or gap & _CLOSE_QUOTES:
                return None
            lo -= 1
        hi = position + 1
        while hi < last and not set(self.gap(hi)) & _CLOSE_QUOTES:
            if set(self.gap(hi)) & _OPEN_QUOTES:
                return None
            hi += 1
        if hi == last:
            end = self.doc.sentences[sentence].end
            if not set(self.doc.text[self.end(last - 1) : end + 1]) & _CLOSE_QUOTES:
                return None
        if hi - lo > _QUOTED_TITLE_WORDS:
            return None
        return lo, hi

    def after_semicolon(self, position: int) -> bool:
        """Right after a semicolon or a closing parenthesis (a dateline's "(Xinhua)"): a
        capital here is a sentence-start style, not an error."""
        return position > 0 and bool(set(self.gap(position)) & _CLAUSE_OPENERS)


def _is_cased_word(word: str) -> bool:
    """A word whose first-letter case means something: letters, not an acronym."""
    first = word[:1]
    return (
        len(word) > 1
        and first.upper() != first.lower()
        and not word.isupper()
        and _DIGIT_RE.search(word) is None
    )


def _job_title(key: str) -> bool:
    """A title written before or after a name ("President", "director"): style guides differ
    on its case.  Abbreviations ("Mr", "Dr") are capitalised in every style."""
    return len(key) > 3 and key in TITLES


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not word[1:].isupper()


class _CaseProfile:
    """How a document writes a word mid-sentence: (capitalised count, lowercase count).

    Every spelling's mid-sentence occurrences are counted once (in C, from the mid-sentence
    flags of all words), the spellings indexed by casefolded text; whether a spelling counts
    (a cased word, capitalised or not) is settled for the words asked about.
    """

    def __init__(self, side: _Side) -> None:
        self.side = side
        self._mid_counts: Counter[str] | None = None  # by spelling
        self._spellings: dict[str, list[str]] = {}  # by casefolded text
        self._counts: dict[str, tuple[int, int]] = {}
        self._standalone: dict[str, tuple[int, int]] = {}
        self._positions: dict[str, list[int]] | None = None  # by casefolded text

    def get(self, key: str, *, standalone: bool = False) -> tuple[int, int]:
        """``standalone``: count only running text outside names and titles."""
        if standalone:
            return self._standalone_counts(key)
        counts = self._counts.get(key)
        if counts is not None:
            return counts
        mid_counts = self._mid_counts
        if mid_counts is None:
            side = self.side
            mid_counts = Counter(compress(side.texts(0, len(side.words)), side.mid_flags()))
            for word in mid_counts:
                self._spellings.setdefault(word.casefold(), []).append(word)
            self._mid_counts = mid_counts
        capital = lower = 0
        for word in self._spellings.get(key, ()):
            if not _is_cased_word(word):
                continue
            if word[0].isupper():
                capital += mid_counts[word]
            else:
                lower += mid_counts[word]
        self._counts[key] = (capital, lower)
        return capital, lower

    def _standalone_counts(self, key: str) -> tuple[int, int]:
        """Per position (names and titles are a word's context): only for words asked about."""
        counts = self._standalone.get(key)
        if counts is not None:
            return counts
        if self._positions is None:
            positions: dict[str, list[int]] = {}
            side = self.side
            for position, word in enumerate(side.texts(0, len(side.words))):
                positions.setdefault(word.casefold(), []).append(position)
            self._positions = positions
        capital = lower = 0
        side = self.side
        for position in self._positions.get(key, ()):
            word = side.text(position)
            if not _is_cased_word(word) or not side.mid_sentence(position):
                continue
            if not side.standalone(position):
                continue
            if word[0].isupper():
                capital += 1
            else:
                lower += 1
        self._standalone[key] = (capital, lower)
        return capital, lower


@dataclass(frozen=True, slots=True)
class _Window:
    a_lo: int
    a_hi: int
    b_lo: int
    b_hi: int


def _windows(blocks: Sequence[Block], a: _Side, b: _Side) -> list[_Window]:
    """Runs of blocks in reading order on both sides, as word position ranges.

    Blocks with one side only (a sentence added or dropped) stay inside the run: a fused or
    split sentence often makes the aligner see one.  A moved block is a window of its own.
    """
    windows: list[_Window] = []
    # sentence ranges of the current run: [a_first, a_next), [b_first, b_next)
    run: list[int] = []
    size = 0

    def flush() -> None:
        if run and run[1] > run[0] and run[3] > run[2]:
            a_lo, _ = a.span(run[0], run[0])
            _, a_hi = a.span(run[1] - 1, run[1] - 1)
            b_lo, _ = b.span(run[2], run[2])
            _, b_hi = b.span(run[3] - 1, run[3] - 1)
            windows.append(_Window(a_lo, a_hi, b_lo, b_hi))
        run.clear()

    for block in blocks:
        a_first = block.a_sentences[0] if block.a_sentences else None
        b_first = block.b_sentences[0] if block.b_sentences else None
        if block.kind is BlockKind.MOVED:
            flush()
            size = 0
            if a_first is not None and b_first is not None:
                run.extend((a_first, block.a_sentences[-1] + 1, b_first, block.b_sentences[-1] + 1))
                flush()
            continue
        follows = (
            bool(run)
            and (a_first is None or a_first == run[1])
            and (b_first is None or b_first == run[3])
            and size < _MAX_WINDOW_BLOCKS
        )
        if not follows:
            flush()
            size = 0
            a_start = a_first if a_first is not None else _next_sentence(block.a_range.start, a)
            b_start = b_first if b_first is not None else _next_sentence(block.b_range.start, b)
            run.extend((a_start, a_start, b_start, b_start))
        if block.a_sentences:
            run[1] = block.a_sentences[-1] + 1
        if block.b_sentences:
            run[3] = block.b_sentences[-1] + 1
        size += 1
    flush()
    return windows


def _next_sentence(offset: int, side: _Side) -> int:
    """Index of the first sentence starting at or after a character offset."""
    return bisect_left(side.sentence_starts, offset)


@dataclass
class _Alignment:
    """Word pairs of one window (positions are document word positions)."""

    b_of_a: dict[int, int]
    pieces: list[tuple[int, int, int, int]]  # replaced pieces: a_lo, a_hi, b_lo, b_hi
    equal_runs: list[tuple[int, int, int]]  # runs of equal words: a_lo, b_lo, length

    def kept_share(self, side: _Side, b_sentence: int) -> float:
        """Share of a B sentence's words that have an equal counterpart in A."""
        lo = bisect_left(side.sentence_of, b_sentence)
        hi = bisect_right(side.sentence_of, b_sentence)
        if hi <= lo:
            return 0.0
        paired = self._paired_b
        if not paired:
            paired.update(self.b_of_a.values())
        return len(paired.intersection(range(lo, hi))) / (hi - lo)

    _paired_b: set[int] = field(default_factory=set)


def _align(a: _Side, b: _Side, window: _Window, ids: dict[str, str]) -> _Alignment:
    def codes(side: _Side, lo: int, hi: int) -> str:
        keys = list(map(str.casefold, side.texts(lo, hi)))
        for key in dict.fromkeys(keys):  # new words get codes in the order first seen
            if key not in ids:
                ids[key] = chr(_FIRST_CODE + len(ids))
        return "".join(map(ids.__getitem__, keys))

    a_codes = codes(a, window.a_lo, window.a_hi)
    b_codes = codes(b, window.b_lo, window.b_hi)
    if a_codes == b_codes:
        result: list[tuple[str, int]] = [("=", len(a_codes))]
    else:
        result = dmp.diff(
            a_codes,
            b_codes,
            timelimit=_DIFF_SECONDS,
            checklines=False,
            cleanup="Semantic",
            counts_only=True,
        )
    b_of_a: dict[int, int] = {}
    pieces: list[tuple[int, int, int, int]] = []
    equal_runs: list[tuple[int, int, int]] = []
    ia, ib = window.a_lo, window.b_lo
    piece: list[int] | None = None
    for op, length in result:
        if op == "=":
            if piece is not None:
                pieces.append((piece[0], ia, piece[1], ib))
                piece = None
            b_of_a.update(zip(range(ia, ia + length), range(ib, ib + length), strict=True))
            equal_runs.append((ia, ib, length))
            ia += length
            ib += length
            continue
        if piece is None:
            piece = [ia, ib]
        if op == "-":
            ia += length
        else:
            ib += length
    if piece is not None:
        pieces.append((piece[0], ia, piece[1], ib))
    return _Alignment(b_of_a, pieces, equal_runs)


class _Finder:
    def __init__(self, comparison: Comparison) -> None:
        self.a = _Side(comparison.a)
        self.b = _Side(comparison.b)
        language = comparison.b.language
        if not language.is_known:
            language = comparison.a.language
        self.language = language.code
        self.traces: dict[tuple[int, int], Trace] = {}
        self._name_parts: set[tuple[int, int]] = set()
        self.a_profile = _CaseProfile(self.a)
        self.b_profile = _CaseProfile(self.b)

    def add(
        self, kind: TraceKind, b_range: tuple[int, int], a_range: tuple[int, int], detail: str
    ) -> None:
        if b_range in self.traces:
            return
        self.traces[b_range] = Trace(
            kind,
            TextRange(*b_range),
            TextRange(*a_range),
            self.b.doc.text[b_range[0] : b_range[1]],
            self.a.doc.text[a_range[0] : a_range[1]],
            detail,
        )

    def run(self, blocks: Sequence[Block]) -> list[Trace]:
        ids: dict[str, str] = {}
        for window in _windows(blocks, self.a, self.b):
            alignment = _align(self.a, self.b, window, ids)
            self._pairs(alignment)
            self._pieces(alignment)
        self._stops_before_lowercase(blocks)
        traces = self._without_house_style(list(self.traces.values()))
        return sorted(traces, key=lambda t: (t.b_range.start, t.b_range.end))

    def _without_house_style(self, traces: list[Trace]) -> list[Trace]:
        """Drop case traces of a word B writes one way throughout ("Bitcoin", "Party").

        A translator's or a house style's choice is consistent; round-trip damage is not.  A
        word with case traces at two places or more, that B never writes mid-sentence in A's
        way, is a choice, not a trace.
        """
        places: dict[str, list[Trace]] = {}
        for trace in traces:
            if trace.kind is TraceKind.CASE:
                places.setdefault(trace.b_text.casefold(), []).append(trace)
        dropped: set[tuple[int, int]] = set()
        calendar = lexicon.capitalised_calendar_names(self.language)
        for key, found in places.items():
            if key in calendar:
                continue  # no house style lowercases the months of a language that capitalises
            # one word of a name of A lowercased, the rest kept ("a student of school of
            # Biomedical Engineering"): however B writes the word elsewhere, and at how many
            # such places, a name half lowercased is no house style
            found = [t for t in found if (t.b_range.start, t.b_range.end) not in self._name_parts]
            a_capital, a_lower = self.a_profile.get(key, standalone=True)
            if a_capital >= _NAME_EVIDENCE and not a_lower:
                # A writes the word as a name in running text, at several places and never in
                # lowercase: B lowercasing it ("mitsubishi", twice) is no style choice
                found = [t for t in found if t.b_text[:1].isupper()]
            capital, lower = self.b_profile.get(key)
            if len(found) >= 2 and (capital == 0 or lower == 0):  # B is consistent: one way
                dropped.update((t.b_range.start, t.b_range.end) for t in found)
                continue
            # B's usual way of writing the word: a trace only where B departs from it, unless
            # it lowercases what A writes as a name in running text ("biden", twice)
            a_name = self.a_profile.get(key, standalone=True)[0] > 0
            for trace in found:
                upper = trace.b_text[:1].isupper()
                if not upper and (
                    a_name or (trace.b_range.start, trace.b_range.end) in self._name_parts
                ):
                    continue
                same, other = (capital, lower) if upper else (lower, capital)
                if same >= 2 and same > other:
                    dropped.add((trace.b_range.start, trace.b_range.end))
        return [t for t in traces if (t.b_range.start, t.b_range.end) not in dropped]

    # -- word pairs and the gaps between neighbours ---------------------------------------

    def _pairs(self, alignment: _Alignment) -> None:
        b_of_a = alignment.b_of_a
        a_of_b = dict(zip(b_of_a.values(), b_of_a, strict=True))
        for a_lo, b_lo, length in alignment.equal_runs:
            if self.a.same_run(self.b, a_lo, b_lo, length):
                # Two equal words have no case trace and two equal gaps no boundary trace:
                # only the gap before the run's first word is left (most runs end here).
                if a_lo > 0 and b_of_a.get(a_lo - 1) == b_lo - 1:
                    self._gap_pair(a_lo, b_lo)
                continue
            for pa, pb in zip(range(a_lo, a_lo + length), range(b_lo, b_lo + length), strict=True):
                self._case_pair(pa, pb, b_of_a, a_of_b)
                if pa > 0 and b_of_a.get(pa - 1) == pb - 1:
                    self._gap_pair(pa, pb)

    def _case_pair(self, pa: int, pb: int, b_of_a: dict[int, int], a_of_b: dict[int, int]) -> None:
        a, b = self.a, self.b
        wa, wb = a.text(pa), b.text(pb)
        if wa == wb or not _is_cased_word(wa) or not _is_cased_word(wb):
            return
        if wa[0].isupper() == wb[0].isupper() or wa[1:] != wb[1:]:
            return
        if not (a.mid_sentence(pa) and b.mid_sentence(pb)):
            return  # a capital at a sentence start is positional; boundaries are checked apart
        key = wb.casefold()
        if key in lexicon.capitalised_calendar_names(self.language):
            # a month or weekday is capitalised in titles, names and text alike
            detail = "capitalised" if wb[0].isupper() else "lowercased (month or day)"
            self.add(TraceKind.CASE, (b.start(pb), b.end(pb)), (a.start(pa), a.end(pa)), detail)
            return
        capital_in_a, lower_in_a = self.a_profile.get(key, standalone=True)
        if capital_in_a and lower_in_a:
            return  # A itself writes the word both ways in running text: B follows A
        # A word A capitalises in running text and never writes in lowercase is a name: its
        # case is no style choice, in a headline or at the end of a longer name alike.
        a_name = capital_in_a > 0
        if self._styled(pa, pb, capitalised=wb[0].isupper(), name=a_name):
            return
        if _job_title(key):
            return  # "Director of ...", "president Xi": a job title's case is house style
        if wb[0].islower() and a.capital_run(pa) and not self._alone_lowercased(pa, b_of_a):
            return  # several words of a name lowercased ("Olive Oil"): house style
        if wb[0].isupper() and self._term_capitalised(pb, a_of_b):
            return  # a term capitalised as a whole in B ("Persian Gulf" for "persian gulf")
        if self._name_boundary(pa, pb, key, capitalised=wb[0].isupper()):
            return
        if wb[0].isupper() and self._heads_name_phrase(pb, key):
            return
        if self._recased_with_neighbour(pa, pb, a_of_b):
            return
        detail = "capitalised" if wb[0].isupper() else "lowercased"
        if wb[0].islower() and not a.standalone(pa):
            # one word of A's name lowercased ("Ministry of education"): B's lowercase use of
            # the word elsewhere says nothing about the name
            self._name_parts.add((b.start(pb), b.end(pb)))
        self.add(TraceKind.CASE, (b.start(pb), b.end(pb)), (a.start(pa), a.end(pa)), detail)

    def _styled(self, pa: int, pb: int, *, capitalised: bool, name: bool) -> bool:
        """Where case is the writer's style: a headline set in title case on either side, a
        title in quotation marks (unless the word is a name), a capital after a semicolon
        (machine translation starts a clause there like a sentence) or a numbered label, and
        a capital in a stretch that is not running text (a list of items)."""
        a, b = self.a, self.b
        capital_side, position = (b, pb) if capitalised else (a, pa)
        if capital_side.after_semicolon(position) or capital_side.after_label(position):
            return True  # the capital side starts a clause or a numbered unit: positional
        if capitalised and not b.running_text(pb, lexicon.function_words(self.language)):
            return True  # a list's items are capitalised as items, not as names
        if name:
            return False
        # A headline's capitals are the desk's style (emphasis, title case), and B writing one
        # of A's in lowercase is no damage.  A capital that B adds is style only where a side
        # sets the line in title case: a line in sentence case on both sides (a chat message,
        # an informal first line) is running text, and one word capitalised there is damage.
        headline = (a.in_title(pa) or b.in_title(pb)) and (
            not capitalised or a.title_cased(pa) or b.title_cased(pb)
        )
        return headline or a.in_quoted_title(pa) or b.in_quoted_title(pb)

    def _name_boundary(self, pa: int, pb: int, key: str, *, capitalised: bool) -> bool:
        """A common word at the edge of a name, in it on one side and not on the other
        ("Qinghai province" / "Qinghai Province", "Council Summit" / "Council summit"): where
        a name ends is a translator's choice.  A rare word ("keston Bay") is the name itself.
        A common word after an acronym is such an edge too ("SF Express" / "SF express")."""
        if not lexicon.supported(self.language) or lexicon.zipf(key, self.language) < _COMMON_ZIPF:
            return False
        side, position = (self.b, pb) if capitalised else (self.a, pa)
        return side.name_tail(position) or side.after_acronym(position)

    def _heads_name_phrase(self, pb: int, key: str) -> bool:
        """B capitalises a word that heads a name ("..., Member of the Standing Committee",
        "The United Arab Emirates"): a style choice, not a common word capitalised at random."""
        b = self.b
        nxt = pb + 1
        if nxt >= len(b.words) or _stripped_gap(b.gap(nxt)):
            return False
        if key in lexicon.function_words(self.language):
            return b.text(nxt)[:1].isupper()  # "The United Arab Emirates", not "For its"
        # an apposition after a comma heading "X of (the) Name": a person's post ("Yang
        # Haodong, Member of the Standing Committee"), written either way by style guides
        if "," not in b.gap(pb) or b.text(nxt).casefold() != "of":
            return False
        if lexicon.zipf(key, self.language) < _COMMON_ZIPF:
            return False
        beyond = nxt + 1
        if beyond < len(b.words) and b.text(beyond).casefold() == "the":
            beyond += 1
        return beyond < len(b.words) and b.text(beyond)[:1].isupper()

    def _recased_with_neighbour(self, pa: int, pb: int, a_of_b: dict[int, int]) -> bool:
        """Another word near this one, in B's same sentence, changed case the same way
        against A ("Xi Jinping thought on socialism" / "Thought on Socialism"): a term or a
        title recased as a whole, not a word damaged on its own."""
        a, b = self.a, self.b
        upper = b.text(pb)[:1].isupper()
        sentence = b.sentence_of[pb]
        for other in range(pb - _TERM_REACH, pb + _TERM_REACH + 1):
            if other == pb or not 0 <= other < len(b.words) or b.sentence_of[other] != sentence:
                continue
            counterpart = a_of_b.get(other)
            if counterpart is None:
                continue
            if not (b.mid_sentence(other) and a.mid_sentence(counterpart)):
                continue  # a capital after a stop B added is positional, not a recased term
            wa, wb = a.text(counterpart), b.text(other)
            if not (_is_cased_word(wa) and _is_cased_word(wb)) or wa[1:] != wb[1:]:
                continue
            if wb[:1].isupper() == upper and wa[:1].isupper() != upper:
                return True
        return False

    def _term_capitalised(self, pb: int, a_of_b: dict[int, int]) -> bool:
        """A neighbour of B's word, capitalised in B (not positionally), was lowercase in A."""
        b = self.b
        for other in (pb - 1, pb + 1):
            if not 0 <= other < len(b.words) or not b.capital_at(pb, other):
                continue
            counterpart = a_of_b.get(other)
            if counterpart is None or self.a.text(counterpart)[:1].islower():
                return True
        return False

    def _alone_lowercased(self, pa: int, b_of_a: dict[int, int]) -> bool:
        """The only word of A's multi-word name that B lowercased ("keston Bay")."""
        a, b = self.a, self.b
        run = []
        for step in (-1, 1):
            other = pa
            while True:
                nxt = other + step
                if a.capital_at(other, nxt):
                    run.append(nxt)
                    other = nxt
                    continue
                # across a short connector: "Department of Education"
                beyond = nxt + step
                if (
                    0 <= nxt < len(a.words)
                    and a.text(nxt).islower()
                    and len(a.text(nxt)) <= 3
                    and not _stripped_gap(a.gap(max(other, nxt)))
                    and 0 <= beyond < len(a.words)
                    and a.capital_at(nxt, beyond)
                ):
                    run.append(beyond)
                    other = beyond
                    continue
                break
        for member in run:
            counterpart = b_of_a.get(member)
            if counterpart is None or not b.mid_sentence(counterpart):
                return False
            if not b.text(counterpart)[:1].isupper():
                return False
        return True

    def _gap_pair(self, pa: int, pb: int) -> None:
        """Words pa-1, pa of A face pb-1, pb of B: compare the gaps between them."""
        a, b = self.a, self.b
        if not a.same_paragraph(pa - 1, pa) or not b.same_paragraph(pb - 1, pb):
            return
        gap_a = _stripped_gap(a.gap(pa))
        gap_b = _stripped_gap(b.gap(pb))
        a_split = a.sentence_of[pa - 1] != a.sentence_of[pa]
        b_stop = bool(set(gap_b) & _STOPS)
        a_range = (a.start(pa - 1), a.end(pa))
        b_range = (b.start(pb - 1), b.end(pb))
        if a_split and set(gap_a) & _STOPS:
            if a.list_number(pa - 1):
                return  # "2. Ningcheng ...": the stop of a list item's number, not a sentence's
            if not set(gap_b) & _HARD_PUNCT and b.sentence_of[pb - 1] == b.sentence_of[pb]:
                self.add(TraceKind.BOUNDARY, b_range, a_range, "sentences fused")
            return
        if b_stop and not set(gap_a) & _HARD_PUNCT and not a_split:
            before = b.text(pb - 1)
            if "." in before or len(before) == 1 or before.isupper():
                return  # an abbreviation's dot ("U.S.", "J."), not a new sentence
            wa, wb = a.text(pa), b.text(pb)
            if wb[:1].islower() or (wa[:1].islower() and _capitalised(wb)):
                self.add(TraceKind.BOUNDARY, b_range, a_range, "stray full stop")

    def _stops_before_lowercase(self, blocks: Sequence[Block]) -> None:
        """A full stop followed by a lowercase word inside a paragraph of B, unlike anything
        in A: a stop inside a clause even where B has no counterpart in A."""
        a, b = self.a, self.b
        a_range_of: dict[int, tuple[int, int]] = {}
        for block in blocks:
            for sentence in block.b_sentences:
                a_range_of[sentence] = (block.a_range.start, block.a_range.end)
        text = b.doc.text
        position = text.find(". ")
        while position != -1:
            pb = self._word_after(position)
            position = text.find(". ", position + 2)
            if pb is None or pb == 0 or _stripped_gap(b.gap(pb)) != ".":
                continue
            word, before = b.text(pb), b.text(pb - 1)
            if not (word[:1].islower() and word.isalpha() and b.same_paragraph(pb - 1, pb)):
                continue
            if "." in before or len(before) == 1 or before.isupper() or not before.isalpha():
                continue
            if before.casefold() in _ABBREVIATIONS:
                continue
            if f"{before}. " in a.doc.text:
                continue  # A writes it so too: an abbreviation ("etc.", "approx.")
            self.add(
                TraceKind.BOUNDARY,
                (b.start(pb - 1), b.end(pb)),
                a_range_of.get(b.sentence_of[pb], (0, 0)),
                "stray full stop",
            )

    def _word_after(self, offset: int) -> int | None:
        b = self.b
        token = bisect_right(b.doc.token_starts, offset) - 1
        pb = bisect_left(b.words, token)
        return pb if pb < len(b.words) else None

    # -- replaced pieces: articles, swaps, case without counterpart -----------------------

    def _pieces(self, alignment: _Alignment) -> None:
        for a_lo, a_hi, b_lo, b_hi in alignment.pieces:
            n_a, n_b = a_hi - a_lo, b_hi - b_lo
            intact = (
                a_lo > 0
                and alignment.b_of_a.get(a_lo - 1) == b_lo - 1
                and alignment.b_of_a.get(a_hi) == b_hi
            )
            if n_a == 1 and n_b == 0 and intact:
                self._dropped_article(a_lo, b_lo)
            kept = alignment.kept_share(self.b, self.b.sentence_of[b_lo]) if n_b else 0.0
            if intact and n_a == n_b and n_a in (1, 2) and kept >= _SWAP_KEPT:
                self._swap(a_lo, a_hi, b_lo, b_hi)
            for pb in range(b_lo, b_hi):
                counterpart = a_lo + (pb - b_lo) if n_a == n_b else None
                self._case_alone(pb, counterpart, kept)

    def _dropped_article(self, pa: int, pb_next: int) -> None:
        a, b = self.a, self.b
        if a.text(pa).casefold() not in lexicon.articles(self.language):
            return
        if a.sentence_of[pa - 1] != a.sentence_of[pa] or not a.mid_sentence(pa):
            return
        if a.sentence_of[pa + 1] != a.sentence_of[pa] or set(_stripped_gap(a.gap(pa + 1))):
            return
        if set(_stripped_gap(b.gap(pb_next))) - _MID_GAP:
            return
        self.add(
            TraceKind.ARTICLE,
            (b.start(pb_next), b.end(pb_next)),
            (a.start(pa), a.end(pa + 1)),
            f"“{a.text(pa)}” dropped",
        )

    def _swap(self, a_lo: int, a_hi: int, b_lo: int, b_hi: int) -> None:
        a, b = self.a, self.b
        language = self.language
        if not lexicon.supported(language):
            return
        function = lexicon.function_words(language)
        for pa, pb in zip(range(a_lo, a_hi), range(b_lo, b_hi), strict=True):
            wa, wb = a.text(pa).casefold(), b.text(pb).casefold()
            if not (wa.isalpha() and wb.isalpha()) or wa in function or wb in function:
                return
            if _variants(wa, wb):
                return
            if lexicon.zipf(wa, language) < 3.0 or lexicon.zipf(wb, language) < 3.0:
                return
        # The expression: a kept content word right next to the swapped words, no punctuation.
        kept: list[tuple[int, int]] = []
        if not _stripped_gap(a.gap(a_lo)) and not _stripped_gap(b.gap(b_lo)):
            kept.append((a_lo - 1, b_lo - 1))
        if not _stripped_gap(a.gap(a_hi)) and not _stripped_gap(b.gap(b_hi)):
            kept.append((a_hi, b_hi))
        for ka, kb in kept:
            word = a.text(ka).casefold()
            if word.isalpha() and word not in function and lexicon.zipf(word, language) >= 3.0:
                a_range = (a.start(min(ka, a_lo)), a.end(max(ka, a_hi - 1)))
                b_range = (b.start(min(kb, b_lo)), b.end(max(kb, b_hi - 1)))
                self.add(TraceKind.SWAP, b_range, a_range, "swapped word by word")
                return

    def _case_alone(self, pb: int, counterpart: int | None, kept: float) -> None:
        """Case of a B word without an equal counterpart, against A's usage and the language."""
        b = self.b
        word = b.text(pb)
        if not _is_cased_word(word) or not b.mid_sentence(pb):
            return
        if b.in_title(pb) and b.title_cased(pb):
            return  # a headline in title case: the desk's style
        key = word.casefold()
        capital_in_a, lower_in_a = self.a_profile.get(key)
        a_range = (0, 0)
        if counterpart is not None:
            a_range = (self.a.start(counterpart), self.a.end(counterpart))
        b_range = (b.start(pb), b.end(pb))
        if word[0].islower():
            if (
                key in lexicon.capitalised_calendar_names(self.language)
                and not lower_in_a
                and key not in lexicon.function_words(self.language)
            ):
                self.add(TraceKind.CASE, b_range, a_range, "lowercased (month or day)")
            return
        if not _capitalised(word) or self.language in lexicon.NOUN_CAPITALISING:
            return
        if b.capital_run(pb):
            return  # part of a name ("Supreme Court")
        if b.after_semicolon(pb) or b.after_label(pb) or b.in_quoted_title(pb) or _job_title(key):
            return  # a clause start, a numbered label, a quoted title, a job title: style
        if not b.running_text(pb, lexicon.function_words(self.language)):
            return  # an item of a list or a specification, capitalised as such
        if key in lexicon.function_words(self.language):
            return  # "The", "With": a sentence start after a lost stop, not a case error
        if lower_in_a and not capital_in_a:
            self.add(TraceKind.CASE, b_range, a_range, "capitalised (lowercase in A)")
            return
        if capital_in_a or counterpart is None or not lexicon.supported(self.language):
            return
        a_word = self.a.text(counterpart)
        capital_in_b, _ = self.b_profile.get(key)
        if (
            a_word[:1].islower()
            and capital_in_b == 1
            and kept >= _SWAP_KEPT
            and lexicon.zipf(key, self.language) >= 3.0
            and key not in lexicon.capitalised_calendar_names(self.language)
        ):
            self.add(TraceKind.CASE, b_range, a_range, "capitalised common word")


def _variants(first: str, second: str) -> bool:
    """Inflections or spellings of one word ("breach"/"breaches", "organise"/"organize")."""
    common = 0
    for x, y in zip(first, second, strict=False):
        if x != y:
            break
        common += 1
    return common >= 4 or common >= min(len(first), len(second)) - 1


def find_trace_list(comparison: Comparison) -> list[Trace]:
    if comparison.state is not ResultState.COMPLETED or not comparison.blocks:
        return []
    metrics = comparison.metrics
    if metrics is not None and metrics.languages_differ:
        return []  # a translation: the traces are about copies in A's own language
    return _Finder(comparison).run(comparison.blocks)


def aligned_sentences(blocks: Iterable[Block]) -> int:
    return sum(len(block.b_sentences) for block in blocks if block.a_sentences)
