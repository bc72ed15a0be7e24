"""The codebook in code: every controlled vocabulary, with its bilingual labels and its colours.

``data/CODEBOOK.md`` explains the rules to a coder; this module is what validation, analysis,
charts, the data package and the site read, so a vocabulary value is added in one place. Each
:class:`Vocabulary` lists its :class:`Term` s in a fixed order (the order charts and legends use).
A term has an English and a Chinese label, and optionally a colour, a score (the judgement scale),
a symbol (the verdict marks) or a mark (the qualifier and modality marks printed after numbers).

**One meaning per colour, across the whole site** (:data:`COLOUR_MEANINGS`; a test checks that no
colour serves two meanings): blue and vermillion are only ever *the US* and *China*; green and orange
are only ever *borne out* and *contradicted by the evidence* (a public-record check that agrees or
differs, a forecast that came true or did not); purple and gold are only the two ends of the
judgement scale (*behind* and *ahead*); everything else is drawn in neutral greys, and other
vocabularies (dimension, frame, predicted outcome, thread) are told apart by position, label or shape.
Colours come from the Okabe–Ito colour-blind-safe palette (:data:`OKABE_ITO`).
"""

from __future__ import annotations

from dataclasses import dataclass

#: Okabe & Ito (2008) colour-blind-safe palette (the hues below are taken from it).
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
# Colours are named by what they mean, never by their hue (the hue is in the comment).
US, CHINA, NO_REGION = "#0072B2", "#D55E00", "#999999"  # blue, vermillion, mid grey
BORNE_OUT, PARTLY_BORNE_OUT, CONTRADICTED = "#009E73", "#8FD1B8", "#E69F00"  # green, pale green, orange
UNDECIDED, UNKNOWN = "#BBBBBB", "#FFFFFF"  # light grey, white: cannot tell / nothing to tell (grey edge)
BEHIND, AHEAD = "#5E3C99", "#B8860B"  # purple, dark gold: the judgement scale's two ends
INK, NEUTRAL, BACKGROUND = "#222222", "#666666", "#DDDDDD"  # near-black, grey, pale grey: encode nothing
#: What each colour means, wherever it appears (checked by tests/test_codebook.py).
COLOUR_MEANINGS = {
    US: "the US", CHINA: "China",
    BORNE_OUT: "borne out by the evidence", PARTLY_BORNE_OUT: "partly borne out by the evidence",
    CONTRADICTED: "contradicted by the evidence", UNDECIDED: "the evidence cannot tell",
    UNKNOWN: "nothing to tell", BEHIND: "China behind the US", AHEAD: "China ahead of the US",
    NO_REGION: "no region", INK: "text and marks", NEUTRAL: "marks that encode nothing", BACKGROUND: "grid and rules",
}

@dataclass(frozen=True)
class Term:
    value: str
    en: str = ""
    zh: str = ""
    colour: str | None = None
    score: int | None = None
    symbol: str = ""
    mark: str = ""
    chart: str = ""  # a chart label that is not simply "en\nzh"


@dataclass(frozen=True)
class Vocabulary:
    name: str
    terms: tuple[Term, ...]
    description: str = ""

    @property
    def values(self) -> list[str]:
        return [t.value for t in self.terms]

    def term(self, value: str) -> Term:
        for t in self.terms:
            if t.value == value:
                return t
        raise KeyError(f"{value!r} is not in the {self.name} vocabulary ({', '.join(self.values)})")

    def label(self, value: str) -> str:
        """One line: ``"slightly behind 稍落后"`` (with the symbol first if the term has one)."""
        t = self.term(value)
        text = " ".join(x for x in (t.en, t.zh) if x) or t.value
        return f"{t.symbol} {text}" if t.symbol else text

    def chart_label(self, value: str) -> str:
        """Two lines for chart ticks: English over Chinese (``"competition\\n竞争"``)."""
        t = self.term(value)
        return t.chart or "\n".join(x for x in (t.en, t.zh) if x) or t.value

    def words(self, value: str) -> str:
        """The label without its symbol: ``"undisclosed 未公开"``."""
        t = self.term(value)
        return " ".join(x for x in (t.en, t.zh) if x) or t.value

    def labels(self) -> dict[str, str]:
        return {t.value: self.label(t.value) for t in self.terms}

    def chart_labels(self) -> dict[str, str]:
        return {t.value: self.chart_label(t.value) for t in self.terms}

    def colours(self) -> dict[str, str]:
        """``{value: colour}`` for every term (a vocabulary used for colour gives every term one)."""
        missing = [t.value for t in self.terms if not t.colour]
        if missing:
            raise KeyError(f"the {self.name} vocabulary has no colour for {', '.join(missing)}")
        return {t.value: t.colour for t in self.terms}

    def colour(self, value: str) -> str:
        return self.colours()[value]


def _v(name: str, *terms: Term, description: str = "") -> Vocabulary:
    return Vocabulary(name, tuple(terms), description)


T = Term

ATTRIBUTION = _v("attribution", T("own", "own view", "本人观点"), T("reported", "reported view", "转述他人"))
UNIT = _v("unit", *(T(u) for u in ("gpu", "usd", "cny", "person", "model", "company", "patent", "year", "ratio",
                                    "parameter", "pflops_day", "flops", "percent", "second", "count")))
QUALIFIER = _v(
    "qualifier",
    T("exact", mark=""), T("approx", mark="≈"), T("more_than", mark=">"), T("at_least", mark="≥"),
    T("less_than", mark="<"), T("up_to", mark="≤"), T("range", mark="~"),
)
MODALITY = _v(
    "modality",
    T("stated", "stated", "陈述"), T("hypothetical", "hyp.", "假设", mark=" (假设 hyp.)"),
    T("forecast", "forecast", "预测", mark=" (预测 forecast)"),
    T("recalled", "earlier", "旧观点", mark=" (旧观点 earlier)"),
)
REGION = _v(
    "region",
    T("US", "US", "美国", US), T("China", "China", "中国", CHINA), T("other", "other", "其他", NO_REGION),
    T("global", "global", "全球/跨地区", NO_REGION), T("n/a", "unspecified", "未指明", NO_REGION),
)
METRIC = _v(
    "metric",
    T("gpu_count", "GPUs", "显卡"), T("gpu_output", "output/yr", "年产量"), T("compute", "compute", "算力"),
    T("investment", "investment", "投入"), T("revenue", "revenue", "收入"),
    T("market_value", "market value", "市值"), T("valuation", "valuation", "估值"),
    T("funding", "funding", "融资"), T("cost", "spending", "花费"), T("headcount", "headcount", "人数"),
    T("model_count", "models", "模型数"), T("company_count", "companies", "公司数"),
    T("patent_count", "patents", "专利数"), T("chip_runway", "chip runway", "芯片库存"),
    T("compute_ratio", "US:China", "倍数"), T("other", "other", "其他"),
)
DIMENSION = _v(
    "dimension",
    T("compute_chips", "compute & chips", "算力芯片"), T("models", "base models", "模型技术"),
    T("talent", "talent", "人才"), T("data", "data", "数据"),
    T("applications", "applications", "应用"), T("capital_ecosystem", "capital & ecosystem", "资本生态"),
    T("policy", "policy", "政策"), T("overall", "overall", "总体"),
)
JUDGEMENT = _v(  # China relative to the US; an ordinal scale (``unclear`` has no score)
    "judgement",
    T("ahead", "ahead", "领先", score=1), T("level", "level", "持平", score=0),
    T("slightly_behind", "slightly behind", "稍落后", score=-1), T("behind", "behind", "落后", score=-2),
    T("far_behind", "far behind", "远落后", score=-3), T("unclear", "unclear", "说不清"),
)
TREND = _v(
    "trend",
    T("narrowing", "narrowing", "缩小"), T("widening", "widening", "拉大"), T("stable", "stable", "保持"),
    T("cycle", "cycle", "追上又被拉开"), T("none", "none", "无"),
)
KIND = _v(
    "kind",
    T("named_model", "Named models", "具名模型"), T("threshold", "threshold", "门槛"),
    T("hypothetical", "Hypothetical", "假设"), T("brain", "Human brain", "人脑"), T("generic", "Generic", "泛指"),
)
ARCHITECTURE = _v("architecture", T("dense"), T("sparse", "sparse (MoE)", "稀疏"), T("unknown"))
FRAME = _v(
    "frame",
    T("competition", "competition", "竞争"), T("selection", "selection", "淘汰"), T("bubble", "bubble", "泡沫"),
    T("market", "market", "市场"), T("ecosystem", "ecosystem", "生态"), T("national", "national", "中美"),
    T("progress", "progress", "进程"),
)
SOURCE_DOMAIN = _v(
    "source_domain",
    T("war", "war", "战争"), T("sport", "sport, games", "比赛"), T("exam", "exam", "考试"),
    T("gold_rush", "gold rush", "淘金"), T("market", "market", "市场"), T("biology", "biology", "生物"),
    T("industry_analogy", "other industries", "行业类比"),
    T("none", "no domain coded", "其他", chart="no domain coded\n(idioms, slang) 其他"),
)
PREDICTED_OUTCOME = _v(
    "predicted_outcome",
    T("consolidation", "consolidation", "收敛"), T("few_winners", "a few winners", "少数赢家"),
    T("elimination", "elimination", "淘汰"), T("coexistence", "coexistence", "共存"),
    T("none", "none", "无"),
)
STANCE_MANY_MODELS = _v("stance_many_models", *(T(v) for v in ("positive", "negative", "mixed", "none")))
STATUS = _v(  # a claim checked against a public-record fact
    "status",
    T("agrees", "agrees", "相符", BORNE_OUT, symbol="✓"), T("differs", "contradicts", "不符", CONTRADICTED, symbol="✗"),
    T("not_comparable", "not comparable", "不可比", UNDECIDED, symbol="≁"),
    T("undisclosed", "undisclosed", "未公开", UNKNOWN, symbol="∅"),
    T("unverified", "unverified", "未核实", UNKNOWN, symbol="?"),
)

PREDICTION_KIND = _v(
    "kind_of_prediction",
    T("forecast", "forecast", "预测"), T("expectation", "expectation", "预期"), T("plan", "plan", "计划"),
    T("conditional", "conditional", "条件预测"), T("question", "question", "问题"),
)
VERDICT = _v(  # a forecast scored against what happened next
    "verdict",
    T("came_true", "came true", "应验", BORNE_OUT, symbol="✓"),
    T("partly", "partly", "部分应验", PARTLY_BORNE_OUT, symbol="◐"),
    T("did_not", "did not", "未应验", CONTRADICTED, symbol="✗"), T("too_early", "too early", "尚早", UNDECIDED, symbol="…"),
    T("unresolvable", "cannot be resolved", "无法判定", UNKNOWN, symbol="?"),
)
CHECK = _v(  # how far a reference row was checked against its source
    "check",
    T("confirmed_primary", "confirmed at the primary source", "已核对原始来源"),
    T("confirmed_secondary", "confirmed in secondary copies only", "仅核对二手来源"),
    T("partly", "partly confirmed", "部分核实"), T("contradicted", "contradicted", "与来源不符"),
    T("not_located", "source not located", "未找到来源"),
)
EXCLUSION_REASON = _v(  # why a number or comparison the candidate finder lists is not coded (data/claims/excluded.csv)
    "exclusion_reason",
    T("not_about_the_race", "not about AI or the race", "与AI竞赛无关"),
    T("outside_the_codebook", "a quantity the codebook does not code", "编码表不收的数量"),
    T("anecdote_or_idiom", "anecdote, analogy or idiom", "轶事、类比或习语"),
    T("enumeration", "counts what the passage names or lists", "列举计数"),
    T("time_reference", "when, not how much", "时间参照"),
    T("name_or_title", "part of a name", "名称的一部分"),
    T("repeat_of_coded", "a coded figure said again", "重复已编码的数字"),
    T("context_of_coded", "the frame of a coded figure", "已编码数字的背景"),
    T("judgement_not_quantity", "an image coded as a judgement", "已编码为判断的比喻"),
    T("horizon_of_forecast", "the horizon of a forecast", "预测期限"),
    T("question_not_claim", "a question, not a claim", "提问而非断言"),
    T("no_standing_judgement", "no judgement of China's standing", "未判断中国的位置"),
)

# The small vocabularies of the metadata, reference and reliability tables.
DATE_PRECISION = _v("date_precision", T("day", "day", "日"), T("month", "month", "月"), T("year", "year", "年"),
                    T("range", "range of months", "月份区间"))
SCRIPT = _v("script", T("simplified", "Simplified Chinese", "简体"),
            T("traditional (pinyin-annotated)", "Traditional Chinese with pinyin", "繁体加拼音"))
SOURCE_KIND = _v("source_kind", T("paper", "paper", "论文"), T("official", "official", "官方"),
                 T("dataset", "dataset", "数据集"), T("press", "press", "媒体"))
CONFIDENCE = _v("confidence", T("high", "high", "高"), T("medium", "medium", "中"), T("low", "low", "低"))
HOST_QUESTION = _v("host_question", T("yes", "a host's question", "主持人提问"), T("no", "a speaker's statement", "发言"))
RULE = _v(  # what decided an adjudication (data/CODEBOOK.md, "Clarifications after double coding")
    "rule", *(T(f"R{k}", f"rule R{k}", f"规则R{k}") for k in range(1, 8)),
    T("codebook", "the codebook as written", "编码手册"), T("text", "a close reading of the passage", "文本细读"),
    T("V1", "rule V1 (scoring a forecast)", "规则V1"), T("V2", "rule V2 (scoring a forecast)", "规则V2"),
    T("criterion", "the forecast's criterion, in its own words", "判定标准原文"),
    T("evidence", "what the outcomes show", "结果证据"),
)
CODER = _v("coder", T("first", "first coder", "第一编码员"), T("second", "second coder (blind)", "第二编码员（盲评）"))
FIELD = _v(  # the coded fields as a student sees them in the coding lab
    "field",
    T("dimension", "dimension", "维度"), T("judgement", "judgement", "判断"), T("trend", "trend", "趋势"),
    T("frame", "frame", "框架"), T("predicted_outcome", "predicted outcome", "预测结局"),
    T("qualifier", "qualifier", "限定"), T("modality", "modality", "语态"), T("value", "value", "数值"),
)

#: Every controlled vocabulary, by the column it controls.
VOCABULARIES: dict[str, Vocabulary] = {v.name: v for v in (
    ATTRIBUTION, UNIT, QUALIFIER, MODALITY, REGION, METRIC, DIMENSION, JUDGEMENT, TREND, KIND, ARCHITECTURE,
    FRAME, SOURCE_DOMAIN, PREDICTED_OUTCOME, STANCE_MANY_MODELS, STATUS, PREDICTION_KIND, VERDICT, CHECK,
    DATE_PRECISION, SCRIPT, SOURCE_KIND, CONFIDENCE, HOST_QUESTION, RULE, CODER, FIELD, EXCLUSION_REASON,
)}
#: Vocabularies whose values are names declared in the registry (:mod:`baimo.core.registry`), made
#: when first asked for: ``thread`` is every claims thread of ``data/threads.csv``, then ``other``.
DERIVED = ("thread",)


def _derived(name: str) -> Vocabulary:
    from . import registry

    if name == "thread":
        terms = [T(t.thread, t.term_en, t.term_zh) for t in registry.threads() if t.is_claims]
        return _v("thread", *terms, T("other", "other", "其他"))
    raise KeyError(name)


class _Vocabularies(dict):
    """``VOCABULARIES``: the vocabularies above, and the derived ones (:data:`DERIVED`) on demand."""

    def __missing__(self, name: str) -> Vocabulary:
        if name not in DERIVED:
            raise KeyError(name)
        return _derived(name)

    def __contains__(self, name) -> bool:
        return dict.__contains__(self, name) or name in DERIVED

    def all(self) -> dict[str, Vocabulary]:
        return {**self, **{n: self[n] for n in DERIVED}}


class _Values(dict):
    """``VOCAB``: ``{column: [values]}``, derived vocabularies included (on demand)."""

    def __missing__(self, name: str) -> list[str]:
        return VOCABULARIES[name].values

    def __contains__(self, name) -> bool:
        return dict.__contains__(self, name) or name in DERIVED


VOCABULARIES = _Vocabularies(VOCABULARIES)
#: ``{column: [values]}``, the form validation and the data package use.
VOCAB: dict[str, list[str]] = _Values({name: v.values for name, v in dict.items(VOCABULARIES)})

#: Krippendorff's thresholds for agreement between coders: from 0.8 a field is reliable; from 0.667 it
#: supports tentative conclusions only.
RELIABLE_ALPHA = 0.8
TENTATIVE_ALPHA = 0.667

#: The judgement scale as a colour map: purple (China behind) through white (level) to gold (ahead).
JUDGEMENT_CMAP_COLOURS = [BEHIND, "#FFFFFF", AHEAD]

#: The ordinal judgement scale (``unclear`` has no score).
JUDGEMENT_SCORE: dict[str, int] = {t.value: t.score for t in JUDGEMENT.terms if t.score is not None}

#: Modalities from strongest (a plain statement) to weakest (illustrative arithmetic).
MODALITY_ORDER: list[str] = ["stated", "recalled", "forecast", "hypothetical"]


def vocabulary(name: str) -> Vocabulary:
    try:
        return VOCABULARIES[name]
    except KeyError:
        raise KeyError(f"no vocabulary called {name!r}; one of {', '.join(VOCABULARIES)}") from None
