"""Copydesk's desktop window (PySide6).  Depends on :mod:`core`; core never imports this."""
