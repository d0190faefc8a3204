"""Loading files and pasted text into documents.  (Being written: see the loading helper.)"""

from __future__ import annotations

from pathlib import Path

from core.config import DEFAULT_CONFIG, CompareConfig
from core.document import make_document
from core.model import Document, LoadInfo


def load_text(
    text: str, source: str = "pasted text", config: CompareConfig = DEFAULT_CONFIG
) -> Document:
    info = LoadInfo(source, "pasted", None, len(text.encode("utf-8", "surrogatepass")))
    return make_document(text, info, config)


def load_file(path: str | Path, config: CompareConfig = DEFAULT_CONFIG) -> Document:
    raw = Path(path).read_bytes()
    text = raw.decode("utf-8-sig")
    info = LoadInfo(str(path), "text", "utf-8", len(raw))
    return make_document(text, info, config)
