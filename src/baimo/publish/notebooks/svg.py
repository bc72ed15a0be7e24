"""Decorating a chart's SVG, in one pass before it is written: every mark linked to a row
(:func:`baimo.charts.kit.link`) gets that row's speaker, quote and gloss as its tooltip and opens the
row in the page, not inside the figure."""

from __future__ import annotations

import html
import re

from ...core import paths, registry

_TIPS: dict = {}


def _data_stamp() -> tuple:
    """When each table a tooltip can come from last changed."""
    files = sorted((paths.DATA / "claims").glob("*.csv")) + sorted((paths.DATA / "reference").glob("*.csv"))
    return tuple((f.name, f.stat().st_mtime_ns) for f in files)


def _sources() -> list:
    """(does an id belong here, the table's loader, its id column, the tooltip text of a row)."""
    from ...data import claims, corpus, outcomes, predictions, record

    def said(r, gloss):  # a quoted row: its speaker, quote and English
        return f"{corpus.speaker_label(r.speaker)}: 「{r.quote}」 {gloss}"

    out = [(lambda i, p=claims.prefix(t): i.startswith(p + "-"), lambda t=t: claims.load(t), "claim_id",
            lambda r: said(r, r.quote_en)) for t in claims.threads()]
    forecasts = registry.thread("predictions").prefix + "-"
    return out + [
        (lambda i: i.startswith(forecasts), predictions.load, "prediction_id", lambda r: said(r, r.statement_en)),
        (lambda i: re.fullmatch(registry.REFERENCE_IDS["reference"], i), record.public_record, "fact_id",
         lambda r: f"public record · {r.subject}: {r.quantity} {r.value} {r.unit} ({r.as_of})"),
        (lambda i: re.fullmatch(registry.REFERENCE_IDS["outcomes"], i), outcomes.load, "outcome_id",
         lambda r: f"{r.subject}: {r.fact}"),
    ]


def tooltips(ids: list[str]) -> dict[str, str]:
    """``{id: "id · speaker: 「quote」 gloss"}`` for claims, forecasts, public-record facts and outcomes;
    each table is read once per process while the data are unchanged."""
    wanted, out = set(ids), {}
    stamp = _data_stamp()
    for n, (belongs, load, key, text) in enumerate(_sources()):
        mine = {i for i in wanted if belongs(i)}
        if mine:
            if (n, stamp) not in _TIPS:
                _TIPS[(n, stamp)] = {getattr(r, key): f"{getattr(r, key)} · {text(r)}" for r in load().itertuples()}
            out.update({i: t for i, t in _TIPS[(n, stamp)].items() if i in mine})
    return out


def decorate(svg: str) -> str:
    """The SVG with a tooltip on every linked mark, each link opening in the page (``target="_top"``)."""
    ids = re.findall(r'<a xlink:href="[^"#]*#([^"]+)"', svg)
    if not ids:
        return svg
    tips = tooltips(sorted(set(ids)))

    def add(m):
        cid = m.group(2)
        return f'{m.group(1)} target="_top"><title>{html.escape(tips.get(cid, cid))}</title>'

    return re.sub(r'(<a xlink:href="[^"#]*#([^"]+)")(?: target="_blank")?>', add, svg)
