"""The coding lab (notebook 06): a student's coding compared with the project's adjudicated coding.

:func:`compare` matches every reference code with the student's answer and reports, per field, percent
agreement and Krippendorff's α computed by the same code as the project's reliability work
(:func:`baimo.text.agreement.encode`, :func:`~baimo.text.agreement.alpha`, :func:`~baimo.text.agreement.same`):
nominal fields compared as equal or not, ``judgement`` on its ordinal scale, ``value`` as log10 of the
number. An answer left empty (or unreadable) counts against percent agreement and is left out of α, as
an uncoded unit is in the reliability work. :func:`coder_answers` turns one of the project's two codings
(``data/reliability/codings.csv``) into a worksheet, so the project's own coders can be compared the
same way. Pure pandas; no plotting.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core import codebook
from ..data import lab as lab_data
from ..text import agreement


@dataclass(frozen=True)
class Comparison:
    """``codes``: one row per reference code (``passage_id``, ``field``, ``answer``, ``value``, ``reference``,
    ``agree`` and the reference's other columns); ``by_field``: ``field``, ``level``, ``n_codes``,
    ``n_agree``, ``percent_agreement``, ``n_alpha`` (codes α can use), ``alpha``; ``disagreements``: the
    codes that differ, with the reference and its reason."""

    codes: pd.DataFrame
    by_field: pd.DataFrame
    disagreements: pd.DataFrame

    @property
    def n_codes(self) -> int:
        return len(self.codes)

    @property
    def n_agree(self) -> int:
        return int(self.codes.agree.sum())

    @property
    def percent(self) -> float:
        return 100 * self.n_agree / self.n_codes if self.n_codes else float("nan")


def field_alpha(student: pd.Series, reference: pd.Series, field: str, level: str) -> tuple[float, int]:
    """α between two codings of one field (empty = not coded) and the number of units it rests on."""
    student, reference = student.fillna("").astype(str), reference.fillna("").astype(str)
    codes = {v: i for i, v in enumerate(sorted((set(student) | set(reference)) - {""}))}
    x = agreement.encode(student, field, level, codebook.JUDGEMENT_SCORE, codes)
    y = agreement.encode(reference, field, level, codebook.JUDGEMENT_SCORE, codes)
    return agreement.alpha(x, y, level), int((~(np.isnan(x) | np.isnan(y))).sum())


def compare(student: pd.DataFrame, reference: pd.DataFrame, levels: dict[str, str] | None = None) -> Comparison:
    """Compare ``student`` (``passage_id``, ``field``, ``value``; optionally ``answer`` as typed) with
    ``reference`` (``passage_id``, ``field``, ``reference`` and any columns to carry, such as ``reason``)."""
    levels = levels or lab_data.LEVELS
    answers = student.drop_duplicates(["passage_id", "field"])
    answers = answers.assign(answer=answers["answer"] if "answer" in answers else answers["value"])
    codes = reference.merge(answers[["passage_id", "field", "answer", "value"]], on=["passage_id", "field"],
                            how="left")
    codes[["answer", "value"]] = codes[["answer", "value"]].fillna("").astype(str)
    codes["agree"] = [bool(v) and agreement.same(v, str(r), levels[f], f)
                      for v, r, f in zip(codes.value, codes.reference, codes.field)]
    rows = []
    for field in [f for f in levels if f in set(codes.field)]:
        sub = codes[codes.field == field]
        a, n = field_alpha(sub.value, sub.reference, field, levels[field])
        rows.append({"field": field, "level": levels[field], "n_codes": len(sub), "n_agree": int(sub.agree.sum()),
                     "percent_agreement": round(100 * sub.agree.mean(), 1), "n_alpha": n, "alpha": round(a, 3)})
    front = ["passage_id", "field", "answer", "reference"]
    disagreements = codes.loc[~codes.agree, front + [c for c in codes if c not in front + ["value", "agree"]]]
    return Comparison(codes, pd.DataFrame(rows), disagreements.reset_index(drop=True))


def coder_answers(codings: pd.DataFrame, reference: pd.DataFrame, coder: str) -> pd.DataFrame:
    """One project coder's values (``coder`` ``first`` or ``second`` in ``codings``) for the lab's codes,
    as a filled worksheet (``passage_id``, ``field``, ``value``) for :func:`compare`."""
    mine = codings[codings.coder == coder].set_index(["claim_id", "field"]).value
    values = [mine.get((c, f), "") for c, f in zip(reference.claim_id, reference.field)]
    return pd.DataFrame({"passage_id": reference.passage_id, "field": reference.field, "value": values})


def summary(results: dict[str, Comparison]) -> pd.DataFrame:
    """Percent agreement per field (rows, in lab order) for several comparisons (columns, by name),
    with a last row ``all fields``."""
    out = pd.DataFrame({name: c.by_field.set_index("field").percent_agreement for name, c in results.items()})
    out.loc["all fields"] = [round(c.percent, 1) for c in results.values()]
    return out

