"""One meaning per colour: every colour a vocabulary draws with has one stated meaning, and no two
meanings share a colour (the promise in :mod:`baimo.core.codebook`'s docstring)."""

from baimo.core import codebook


def test_every_colour_a_vocabulary_uses_has_a_stated_meaning():
    meanings = {c.upper() for c in codebook.COLOUR_MEANINGS}
    unexplained = [(v.name, t.value, t.colour) for v in vars(codebook).values() if isinstance(v, codebook.Vocabulary)
                   for t in v.terms if t.colour and t.colour.upper() not in meanings]
    assert not unexplained, unexplained


def test_no_two_meanings_share_a_colour():
    colours = [c.upper() for c in codebook.COLOUR_MEANINGS]
    assert len(colours) == len(set(colours)), colours
    named = [codebook.US_BLUE, codebook.CHINA_VERMILLION, codebook.BORNE_OUT, codebook.PARTLY_BORNE_OUT,
             codebook.CONTRADICTED, codebook.UNDECIDED, codebook.UNKNOWN, codebook.BEHIND, codebook.AHEAD,
             codebook.GREY, codebook.INK, codebook.NEUTRAL, codebook.FAINT]
    assert len({c.upper() for c in named}) == len(named)  # two named colours with one value would merge meanings
    assert set(named) == set(codebook.COLOUR_MEANINGS)

