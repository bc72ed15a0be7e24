"""Foundation: paths, the codebook (vocabularies, labels, colours), numbers, file readers.

Imports nothing else from the package (see ARCHITECTURE.md).
"""
