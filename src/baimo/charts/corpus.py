"""Charts for notebook 00 (the corpus): who speaks how much, and how far two coders agreed."""

from __future__ import annotations

import pandas as pd

from ..core import codebook


def speaker_bars(ax, chars: pd.DataFrame) -> None:
    """Characters spoken per speaker, longest first, one bar per speaker with its article(s) named.

    ``chars`` is speaker × article (:func:`baimo.text.turns.speaking_matrix`)."""
    total = chars.sum(axis=1).sort_values()
    where = {s: ", ".join(a for a in chars.columns if chars.loc[s, a] > 0) for s in total.index}
    y = range(len(total))
    ax.barh(list(y), total.to_numpy(), color=codebook.NEUTRAL, height=0.65)
    for yi, (speaker, n) in zip(y, total.items()):
        ax.text(n, yi, f"  {n:,} · {where[speaker]}", va="center", ha="left", fontsize=12, color=codebook.INK)
    ax.set_yticks(list(y), list(total.index), fontsize=12)
    ax.set_xlim(0, total.max() * 1.45)
    ax.set_xlabel("characters spoken · 发言字数")
    ax.grid(axis="y", visible=False)


def alpha_dots(ax, latest: pd.DataFrame, first: pd.DataFrame | None = None,
               reliable: float = codebook.RELIABLE_ALPHA, tentative: float = codebook.TENTATIVE_ALPHA) -> None:
    """Krippendorff's α per field in the latest round that coded it (``latest``: rows with ``field``,
    ``round``, ``n_units``, ``alpha``, ``alpha_low``, ``alpha_high``), with its bootstrap interval; hollow
    below ``reliable`` (a chart resting on the field is flagged). Where ``first`` (round 1) differs, its α is
    a small grey mark on the same row. Fields grouped by table, lowest at the bottom of each group; the
    0.667 and 0.8 bars as rules. A field with too few units has no dot."""
    a = latest.copy()
    a["table"] = a.field.str.split(".").str[0]
    order = ["lag", "framing", "compute", "parameters", "links", "predictions"]
    a["t"] = a.table.map({t: i for i, t in enumerate(order)}).fillna(len(order))
    a = a.sort_values(["t", "alpha"], ascending=[False, True], na_position="first").reset_index(drop=True)
    before = {} if first is None else dict(zip(first.field, first.alpha))
    for y, r in a.iterrows():
        if pd.notna(r.alpha):
            ax.plot([max(r.alpha_low, -0.2), r.alpha_high], [y, y], color=codebook.NEUTRAL, lw=3, solid_capstyle="butt")
            low = r.alpha < reliable
            ax.plot([r.alpha], [y], "o", ms=10, color=codebook.INK, mfc="white" if low else codebook.INK, mew=2)
        else:
            ax.text(0.0, y, "too few units to compute", va="center", fontsize=12, color=codebook.NEUTRAL)
        old = before.get(r.field)
        if r["round"] != 1 and old is not None and pd.notna(old):
            ax.plot([max(old, -0.2)], [y], "|", ms=16, mew=3, color=codebook.NEUTRAL)
    for x, text, ha in ((tentative, "tentative 0.667 ", "right"), (reliable, " 0.8 reliable", "left")):
        ax.axvline(x, color=codebook.NEUTRAL, lw=1.2, ls=(0, (4, 3)))
        ax.text(x, len(a) - 0.4, text, ha=ha, va="bottom", fontsize=12, color=codebook.NEUTRAL)
    for y in [i + 0.5 for i in range(len(a) - 1) if a.table[i] != a.table[i + 1]]:
        ax.axhline(y, color=codebook.BACKGROUND, lw=1.5)
    ax.set_yticks(range(len(a)), [f"{f}  (round {r}, n={n:.0f})" for f, r, n in zip(a.field, a["round"], a.n_units)],
                  fontsize=12)
    ax.set_xlim(-0.2, 1.05)
    ax.set_ylim(-0.7, len(a) + 0.3)
    ax.set_xlabel("Krippendorff's α, two independent coders, before adjudication (95% bootstrap interval)")
    ax.grid(axis="y", visible=False)
