"""The publishing layer, in four rooms whose imports only go one way:

* :mod:`~baimo.publish.notebooks` — what runs in a notebook and what it recorded: the notebook model and
  navigation, charts saved and decorated (tooltips, claim links, reliability flags), the footer;
* :mod:`~baimo.publish.site` — the reader's site: notebook, table, article, landing and search pages;
* :mod:`~baimo.publish.classroom` — the teaching kit: guide, lesson-plan check, handout, slides, lab, PDFs;
* :mod:`~baimo.publish.build` — the build: checks, execution, stamps, all-or-nothing publishing, data package.
"""
