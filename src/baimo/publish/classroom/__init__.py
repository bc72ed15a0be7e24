"""The teaching kit: the guide with its lesson plans, the handout, the slides, the coding lab's
worksheet and key, and the printed PDFs."""
