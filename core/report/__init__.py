"""Exports of a :class:`Comparison`: JSON for machines, HTML for people, plain text for terminals.

No Qt here: the CLI and the window both use these.  The rooms:

- :mod:`core.report.json`: the JSON contract (``docs/json-schema.md``, :data:`SCHEMA_ID`)
- :mod:`core.report.html`: the self-contained HTML page
- :mod:`core.report.text`: the terminal summary
- :mod:`core.report.labels`: the one source of wording (kind labels, metric rows, languages)
- :mod:`core.report.files`: safe, atomic writing of a report

This package re-exports the functions the CLI and the window call.
"""

from core.report.files import atomic_write_text, check_not_an_input, write_html, write_json
from core.report.html import to_html
from core.report.json import SCHEMA_ID, json_text, to_json
from core.report.labels import copydesk_version, language_name
from core.report.text import shorten, summary_text

__all__ = [
    "SCHEMA_ID",
    "atomic_write_text",
    "check_not_an_input",
    "copydesk_version",
    "json_text",
    "language_name",
    "shorten",
    "summary_text",
    "to_html",
    "to_json",
    "write_html",
    "write_json",
]
