"""Word-level diff inside one aligned group, with diff-match-patch over word tokens.

Each normalised token already has a small integer id (see :mod:`core.engine.prepare`); ids become
private-use characters (diff-match-patch's "lines to chars" trick, applied to words), the C++
implementation diffs the two strings, and the result is mapped back to character offsets in
the original texts.  Semantic cleanup plus :func:`absorb_whitespace_equals` turn the confetti
of a reworded phrase into one replacement.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress

import fast_diff_match_patch as dmp

from core.config import CompareConfig
from core.engine.prepare import SPACE_CODE, PreparedDocument
from core.model import Document, Granularity, OpKind, TokenKind, WordOp
from core.text.normalize import token_key


@dataclass(frozen=True, slots=True)
class TokenRun:
    """Token range ``[start, end)`` of one side of an aligned group."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class GroupDiff:
    ops: tuple[WordOp, ...]
    matched_words: int  # words of A inside EQUAL ops (equal ops pair words one to one)
    words_a: int
    words_b: int

    @property
    def similarity(self) -> float:
        total = self.words_a + self.words_b
        return 2 * self.matched_words / total if total else 1.0


_WORD_BYTE = bytes((TokenKind.WORD,))


def _significant(codes: str, run: TokenRun) -> list[int]:
    """Token indices of the run that take part in the diff (not whitespace-like)."""
    return list(
        compress(range(run.start, run.end), map(SPACE_CODE.__ne__, codes[run.start : run.end]))
    )


def diff_group(
    a: PreparedDocument,
    a_run: TokenRun,
    b: PreparedDocument,
    b_run: TokenRun,
    config: CompareConfig,
) -> GroupDiff:
    """Word ops turning A's tokens ``a_run`` into B's tokens ``b_run``.

    The ops cover both runs completely and in order.  With CHARACTER granularity the diff is
    done on characters of the normalised text instead of on words.
    """
    a_doc = a.doc
    b_doc = b.doc
    words_a = a_doc.token_kinds[a_run.start : a_run.end].count(TokenKind.WORD)
    words_b = b_doc.token_kinds[b_run.start : b_run.end].count(TokenKind.WORD)
    if config.granularity is Granularity.CHARACTER:
        char_ops = _diff_characters(a_doc, a_run, b_doc, b_run, config)
        return GroupDiff(char_ops, _matched_words_in(char_ops, a_doc), words_a, words_b)
    # Whitespace (and ignored punctuation) takes no part in the diff: it rides along with the
    # token before it, so "a  b" vs "a b" or "Stop, look" vs "Stop look" (ignoring
    # punctuation) compare equal, and a reworded phrase is one contiguous change.
    a_codes = a.codes[a_run.start : a_run.end].replace(SPACE_CODE, "")
    b_codes = b.codes[b_run.start : b_run.end].replace(SPACE_CODE, "")
    if a_codes == b_codes:
        # The common case for unchanged sentences: no diff, no token walk.
        whole = WordOp(
            OpKind.EQUAL,
            a_doc.token_starts[a_run.start],
            a_doc.token_starts[a_run.end],
            b_doc.token_starts[b_run.start],
            b_doc.token_starts[b_run.end],
        )
        return GroupDiff((whole,), words_a, words_a, words_b)
    diffs = _run_dmp(a_codes, b_codes, config)
    return _ops_from_diff(
        a_doc,
        a_run,
        _significant(a.codes, a_run),
        b_doc,
        b_run,
        _significant(b.codes, b_run),
        diffs,
        words_a,
        words_b,
    )


def _ops_from_diff(
    a_doc: Document,
    a_run: TokenRun,
    a_significant: list[int],
    b_doc: Document,
    b_run: TokenRun,
    b_significant: list[int],
    diffs: Sequence[tuple[str, int]],
    words_a: int,
    words_b: int,
) -> GroupDiff:
    """Map diff-match-patch's (op, count of significant tokens) onto character ranges.

    Each side is cut at token boundaries.  Whitespace between an unchanged token and a changed
    one is given to the unchanged op, so a highlighted change starts and ends on a word ("the
    red car", not "the red car ").  A deletion next to an insertion is one replaced phrase:
    consecutive changes collect in ``pending`` and become one op.  This loop runs for every
    reworded sentence of a book, so it is written flat.
    """
    a_starts = a_doc.token_starts
    b_starts = b_doc.token_starts
    a_kinds = a_doc.token_kinds
    a_count = len(a_significant)
    b_count = len(b_significant)
    a_position = a_starts[a_run.start]
    b_position = b_starts[b_run.start]
    a_last = a_starts[a_run.end]
    b_last = b_starts[b_run.end]
    a_index = b_index = 0  # significant tokens consumed so far
    ops: list[WordOp] = []
    pending: list | None = None  # type: ignore[type-arg]  # [kind, a_start, a_end, b_start, b_end]
    matched = 0
    for op, length in diffs:
        if op == "=":
            a_index += length
            b_index += length
            a_end = a_last if a_index >= a_count else a_starts[a_significant[a_index]]
            b_end = b_last if b_index >= b_count else b_starts[b_significant[b_index]]
            if pending is not None:
                ops.append(WordOp(*pending))
                pending = None
            ops.append(WordOp(OpKind.EQUAL, a_position, a_end, b_position, b_end))
            # Whitespace-like tokens in between are never words: count over the token range.
            first = a_significant[a_index - length]
            matched += a_kinds.count(_WORD_BYTE, first, a_significant[a_index - 1] + 1)
        else:
            if op == "-":
                a_index += length
                a_end = a_last if a_index >= a_count else a_starts[a_significant[a_index - 1] + 1]
                b_end = b_position
                kind = OpKind.DELETE
            else:
                b_index += length
                b_end = b_last if b_index >= b_count else b_starts[b_significant[b_index - 1] + 1]
                a_end = a_position
                kind = OpKind.INSERT
            if pending is None:
                pending = [kind, a_position, a_end, b_position, b_end]
            else:
                pending[0] = OpKind.REPLACE
                pending[2] = a_end
                pending[4] = b_end
        a_position = a_end
        b_position = b_end
    if pending is not None:
        ops.append(WordOp(*pending))
    if not ops and (a_position < a_last or b_position < b_last):
        # Only whitespace on both sides: equal by definition.
        ops.append(WordOp(OpKind.EQUAL, a_position, a_last, b_position, b_last))
    return GroupDiff(tuple(ops), matched, words_a, words_b)


def token_keys(doc: Document, start: int, end: int, config: CompareConfig) -> list[str]:
    """Matching keys of tokens ``[start, end)``; ignored punctuation becomes whitespace."""
    text = doc.text
    starts = doc.token_starts
    kinds = doc.token_kinds
    keys = []
    for i in range(start, end):
        kind = kinds[i]
        if config.ignore_punctuation and kind == TokenKind.PUNCT:
            keys.append(" ")
            continue
        keys.append(
            token_key(
                text[starts[i] : starts[i + 1]],
                kind,
                ignore_case=config.ignore_case,
                normalize_quotes=config.normalize_quotes,
            )
        )
    return keys


def _diff_characters(
    a: Document,
    a_run: TokenRun,
    b: Document,
    b_run: TokenRun,
    config: CompareConfig,
) -> tuple[WordOp, ...]:
    a_chars, a_map = _char_map(a, a_run, token_keys(a, a_run.start, a_run.end, config))
    b_chars, b_map = _char_map(b, b_run, token_keys(b, b_run.start, b_run.end, config))
    diffs = _run_dmp(a_chars, b_chars, config)
    ops: list[WordOp] = []
    ai = bi = 0
    for op, length in diffs:
        a_next = ai + length if op != "+" else ai
        b_next = bi + length if op != "-" else bi
        kind = OpKind.EQUAL if op == "=" else OpKind.DELETE if op == "-" else OpKind.INSERT
        ops.append(WordOp(kind, a_map[ai], a_map[a_next], b_map[bi], b_map[b_next]))
        ai = a_next
        bi = b_next
    merged = absorb_whitespace_equals(ops, a.text, b.text)
    return tuple(op for op in merged if op.a_end > op.a_start or op.b_end > op.b_start)


def _char_map(doc: Document, run: TokenRun, keys: list[str]) -> tuple[str, list[int]]:
    """The key string and, per key character, the original offset it maps to (plus the end).

    A key may differ in length from its token ("ß" casefolds to "ss", whitespace runs become
    one space), so key characters are spread over the token and offsets never go backwards.
    """
    starts = doc.token_starts
    offsets: list[int] = []
    for i, key in zip(range(run.start, run.end), keys, strict=True):
        token_start = starts[i]
        token_end = starts[i + 1]
        if len(key) == token_end - token_start:
            offsets.extend(range(token_start, token_end))
        else:
            offsets.extend(min(token_start + k, token_end - 1) for k in range(len(key)))
    offsets.append(starts[run.end])
    for k in range(1, len(offsets)):
        if offsets[k] < offsets[k - 1]:
            offsets[k] = offsets[k - 1]
    # The first key character of each token must map to the token start so that a slice
    # boundary at a token edge is exact; the spread above guarantees it.
    return "".join(keys), offsets


def _run_dmp(a_codes: str, b_codes: str, config: CompareConfig) -> list[tuple[str, int]]:
    if a_codes == b_codes:
        return [("=", len(a_codes))] if a_codes else []
    if not a_codes:
        return [("+", len(b_codes))]
    if not b_codes:
        return [("-", len(a_codes))]
    result: list[tuple[str, int]] = dmp.diff(
        a_codes,
        b_codes,
        timelimit=config.diff_timeout,
        checklines=False,
        cleanup="Semantic",
        counts_only=True,
    )
    return result


def absorb_whitespace_equals(ops: Sequence[WordOp], a_text: str, b_text: str) -> list[WordOp]:
    """Fold adjacent changes into one REPLACE, also across a whitespace-only EQUAL.

    So "the red car" -> "a blue van" reads as one replaced phrase, not three replaced words.
    """
    result: list[WordOp] = []
    i = 0
    while i < len(ops):
        op = ops[i]
        if (
            op.kind is OpKind.EQUAL
            and result
            and result[-1].kind is not OpKind.EQUAL
            and i + 1 < len(ops)
            and ops[i + 1].kind is not OpKind.EQUAL
            and not a_text[op.a_start : op.a_end].strip()
            and not b_text[op.b_start : op.b_end].strip()
        ):
            following = ops[i + 1]
            previous = result.pop()
            result.append(
                WordOp(
                    OpKind.REPLACE,
                    previous.a_start,
                    following.a_end,
                    previous.b_start,
                    following.b_end,
                )
            )
            i += 2
            continue
        if result and result[-1].kind is not OpKind.EQUAL and op.kind is not OpKind.EQUAL:
            previous = result.pop()
            result.append(
                WordOp(OpKind.REPLACE, previous.a_start, op.a_end, previous.b_start, op.b_end)
            )
        else:
            result.append(op)
        i += 1
    return [_tidy_kind(op) for op in result]


def _tidy_kind(op: WordOp) -> WordOp:
    """A REPLACE with one empty side is really a DELETE or an INSERT."""
    if op.kind is OpKind.REPLACE:
        if op.a_start == op.a_end:
            return WordOp(OpKind.INSERT, op.a_start, op.a_end, op.b_start, op.b_end)
        if op.b_start == op.b_end:
            return WordOp(OpKind.DELETE, op.a_start, op.a_end, op.b_start, op.b_end)
    return op


def _matched_words_in(ops: tuple[WordOp, ...], doc: Document) -> int:
    """Words of A lying wholly inside EQUAL ops (for the character-granularity diff)."""
    starts = doc.token_starts
    kinds = doc.token_kinds
    matched = 0
    for op in ops:
        if op.kind is not OpKind.EQUAL:
            continue
        first = bisect_left(starts, op.a_start)
        last = bisect_right(starts, op.a_end) - 1
        matched += kinds[first:last].count(TokenKind.WORD)
    return matched
