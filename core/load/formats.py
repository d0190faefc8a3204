"""Which file names Copydesk reads, by suffix: the one list the loader, folder ranking and the
window's file dialogs use.  (A file without a suffix is read too; its content decides.)
"""

from __future__ import annotations

PLAIN_SUFFIXES = frozenset({".txt", ".text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".xht", ".shtml"})
DOCX_SUFFIXES = frozenset({".docx", ".docm", ".dotx"})
PDF_SUFFIX = ".pdf"

# Everything the loader reads by name.
READABLE_SUFFIXES = (
    PLAIN_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | DOCX_SUFFIXES | frozenset({PDF_SUFFIX})
)
# Word-processor files Copydesk cannot read but an editor may expect it to: folder ranking
# hands them to the loader so that its advice ("save it as .docx") shows among the failures.
UNREADABLE_DOCUMENT_SUFFIXES = frozenset(
    {".doc", ".dot", ".rtf", ".odt", ".ott", ".fodt", ".pages", ".wpd"}
)


def _patterns(*suffixes: frozenset[str] | str) -> str:
    names: list[str] = []
    for group in suffixes:
        names.extend([group] if isinstance(group, str) else sorted(group))
    return " ".join(f"*{suffix}" for suffix in names)


# For Qt's file dialogs (plain text, so core stays free of Qt).
FILE_DIALOG_FILTER = ";;".join(
    [
        f"Stories ({_patterns(READABLE_SUFFIXES)})",
        f"Plain text ({_patterns(PLAIN_SUFFIXES, MARKDOWN_SUFFIXES)})",
        f"Web pages ({_patterns(HTML_SUFFIXES)})",
        f"Word ({_patterns(DOCX_SUFFIXES)})",
        f"PDF ({_patterns(PDF_SUFFIX)})",
        "All files (*)",
    ]
)
