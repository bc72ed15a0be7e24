"""Baimo (百模): verified tables and charts from five Chinese articles on China's large-model industry.

Everything the notebooks repeat lives here: paths (:mod:`baimo.paths`), the corpus and its
cleaning (:mod:`baimo.corpus`), the claims tables and their validation (:mod:`baimo.tables`),
plotting style and figure saving (:mod:`baimo.plotting`), text analysis (:mod:`baimo.text`),
and the build (:mod:`baimo.build`).
"""

__version__ = "0.1.0"


class BaimoError(Exception):
    """A problem with the project's inputs, reported with the file (and row/column) at fault."""
