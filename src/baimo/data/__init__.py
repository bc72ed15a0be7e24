"""Data: the raw corpus and its cleaning, the claims tables, the public record, the lexicon."""
