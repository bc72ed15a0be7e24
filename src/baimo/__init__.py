"""Baimo (百模): verified tables and charts from five Chinese articles on China's large-model industry.

The package reads as the data flows, in layers whose imports only go down (ARCHITECTURE.md):
:mod:`baimo.core` (paths, codebook, numbers) → :mod:`baimo.data` (corpus, cleaning, claims tables,
public record, lexicon) → :mod:`baimo.text` (turns, tokens, agreement) → :mod:`baimo.analysis`
(one module per claims table) → :mod:`baimo.charts` (style, shared helpers, one module per thread)
→ :mod:`baimo.publish` (notebooks, pages, site, teaching, build, data package).
"""

__version__ = "0.2.0"


class BaimoError(Exception):
    """A problem with the project's inputs, reported with the file (and row/column) at fault."""
