"""Classroom kit: the teaching guide and the printable handout (filled in with the notebooks)."""

from __future__ import annotations


def pages(nbs) -> dict:
    return {}
