"""The publishing layer, in four rooms whose imports only go one way:

* :mod:`~baimo.publish.notebooks` — what runs in a notebook and what it recorded: the notebook model and
  navigation, charts saved and decorated (tooltips, claim links, reliability flags), the footer;
* :mod:`~baimo.publish.site` — the reader's site: notebook, table, article, landing and search pages;
* :mod:`~baimo.publish.classroom` — the teaching kit: guide, lesson-plan check, handout, slides, lab, PDFs;
* :mod:`~baimo.publish.build` — the build: checks, execution, stamps, all-or-nothing publishing, data package.
"""

import sys

# nbformat validates with jsonschema, which imports ``rfc3987_syntax`` (when installed, as JupyterLab's
# dependencies install it) only to check the "iri" string format: it builds a parser on import, about
# 1 s of every process that reads a notebook. No schema this package validates uses that format, so the
# import is declined (jsonschema then skips that one format check).
sys.modules.setdefault("rfc3987_syntax", None)
