"""Facts that changed: numbers, dates, names and quotations inside aligned text.

``find_fact_changes`` checks every aligned, reworded block of a comparison (compare.py calls
it); ``compare_sides`` checks any aligned pair of ranges, in one language or across two.
Numbers are normalised (``numbers``), dates reduced to their parts (``dates``), names to word
keys (``names``), quotations to their words (``quotes``); ``check`` pairs and reports them.
"""

from core.facts.check import Side, compare_sides, extract, find_fact_changes

__all__ = ["Side", "compare_sides", "extract", "find_fact_changes"]
