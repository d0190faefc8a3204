"""A change said in words, for the list of changes, tooltips and the clipboard (no Qt).

"3 sentences of A merged into 1 sentence of B" says what the connectors draw; "before -> after"
is a change as an editor pastes it into a note.
"""

from __future__ import annotations

import re

from core.model import Block, BlockKind, Document
from core.report.labels import KIND_LABELS

_SPACES = re.compile(r"\s+")
_NOTHING = "(nothing)"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _where(sentences: tuple[int, ...], document: Document | None) -> str:
    """ "3 sentences" or, when they come from several paragraphs, "3 sentences in 2 paragraphs"."""
    text = _count(len(sentences), "sentence")
    if document is not None and sentences:
        paragraphs = {document.sentences[i].paragraph for i in sentences}
        if len(paragraphs) > 1:
            text += f" in {len(paragraphs)} paragraphs"
    return text


def short_label(block: Block) -> str:
    """A few words for the list's narrow column: "Reworded", "Merged 3 → 1", "Split 1 → 2"."""
    a, b = len(block.a_sentences), len(block.b_sentences)
    base = KIND_LABELS[block.kind]
    if block.kind in (BlockKind.CHANGED, BlockKind.MOVED, BlockKind.EQUAL) and a and b:
        if a > b:
            return f"Merged {a} → {b}" if block.kind is not BlockKind.MOVED else f"Moved, {a} → {b}"
        if b > a:
            return f"Split {a} → {b}" if block.kind is not BlockKind.MOVED else f"Moved, {a} → {b}"
    return base


def describe_change(block: Block, a: Document | None = None, b: Document | None = None) -> str:
    """One sentence saying what happened to the text of a change."""
    n_a, n_b = len(block.a_sentences), len(block.b_sentences)
    where_a, where_b = _where(block.a_sentences, a), _where(block.b_sentences, b)
    if block.kind is BlockKind.INSERTED:
        return f"{where_b} added in B"
    if block.kind is BlockKind.DELETED:
        return f"{where_a} of A removed in B"
    if n_a > n_b:
        said = f"{where_a} of A merged into {where_b} of B"
    elif n_b > n_a:
        said = f"{where_a} of A split into {where_b} of B"
    elif n_a == 1:
        said = "1 sentence of A"
    else:
        said = f"{where_a} of A, as {where_b} of B"
    if block.kind is BlockKind.MOVED:
        return f"{said}, moved to another place in B"
    if block.kind is BlockKind.EQUAL:
        return f"{said}, unchanged"
    kept = round(block.similarity * 100)
    if n_a == n_b == 1:
        return f"1 sentence reworded (words {kept}% alike)"
    return f"{said}, reworded (words {kept}% alike)"


def flat(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def before_after(before: str, after: str) -> str:
    """A change as plain text: "old words -> new words" (nothing shown as "(nothing)")."""
    return f"{flat(before) or _NOTHING} -> {flat(after) or _NOTHING}"
