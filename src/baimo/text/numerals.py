"""The patterns behind :mod:`baimo.text.candidates`: where running Chinese text holds a number, what
is excluded by rule, and which sentences set China beside the US.

Three steps, each a pure function of a string (the rules themselves are explained, with examples,
in :mod:`baimo.text.candidates` and ``data/CODEBOOK.md``, "Numbers left out on purpose"):

1. :func:`ruled_out`: spans that are never a quantity, each with its rule (``date``, ``name``,
   ``ordinal``, ``idiom``); they are masked before numbers are looked for, so no number can start or
   end inside one;
2. :func:`numbers`: every numeric expression in the masked text (Arabic and Chinese numerals, ranges,
   approximations, fractions, percentages, multiples, durations and the unit right after), except
   the indefinite ``一`` (rule ``article``), which :func:`numbers` reports separately;
3. :func:`comparison`: the China–US pair in one sentence, if the sentence has one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    rule: str = ""  # for a span excluded by rule: which rule


MASK = "\x00"  # what a ruled-out span becomes before numbers are looked for (offsets unchanged)

# --------------------------------------------------------------------------- rules

_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]{1,2})"
_FAMILIES = r"Llama|LLaMA|Claude|Gemini|Qwen|Mistral|GLM|ERNIE|Baichuan|Midjourney|GPT"
#: Names written with numerals (the articles' own); a name is never a quantity.
NAMES = ("硅谷101", "零一万物", "通义千问", "百度", "百川", "三星")
#: Words whose numeral characters count nothing (一 needs no entry: see the ``article`` rule).
IDIOMS = ("万物", "万一", "万无一失", "千万别", "千万不", "十分", "十足", "百家争鸣", "百花齐放", "千方百计",
          "千辛万苦", "千家万户", "三维", "二次开发", "二手", "两者", "二者", "五花八门", "四面八方", "七嘴八舌",
          "九牛一毛", "一五一十", "进一步", "下一步", "一步步", "一步一步", "零售", "清零", "归零", "零和",
          "某一天", "哪一天", "有一天", "一天天", "一年年")
RULES: list[tuple[str, re.Pattern]] = [
    ("date", re.compile(r"(?<!\d)(?<!\d[.,])(?:1[89]|20)\d{2}\s*年(?:代|初|底|末)?"  # 2023年, 2020 年
                        r"|(?<=[今去明]年\s)\d{2}\s*年|(?<=[今去明]年)\d{2}\s*年"  # 今年 22 年
                        rf"|(?<![\d零〇一二两三四五六七八九十个])(?<!\d\s){_MONTH}\s*月(?:份|初|底|中|末)?(?:\s*\d{{1,2}}\s*[日号])?"
                        r"|[上下]半年")),
    ("name", re.compile(rf"(?<![A-Za-z0-9])(?:{_FAMILIES})\s+\d+(?:\.\d+)*[A-Za-z]*"  # Llama 2
                        r"|(?<![A-Za-z0-9])[A-Za-z][A-Za-z·]*(?:[-‐.]?\d+(?:\.\d+)*[A-Za-z]*)+"  # GPT-4, A100, Dall·E·2
                        r"|(?<![A-Za-z0-9.])(?:[2-6]G|[234]D|[48]K|01\.AI)(?![A-Za-z0-9])"  # 5G, 01.AI
                        "|" + "|".join(NAMES))),
    ("ordinal", re.compile(r"第\s*[\d零〇一二两三四五六七八九十百千]+"
                           r"|(?:(?<=^)|(?<=[\s,，:：;；。!！?？、(（]))[一二三四五六七八九十]是", re.M)),
    ("idiom", re.compile("|".join(IDIOMS))),
]
_SIZE = re.compile(r"\d+(?:\.\d+)?[Bb]$")  # Yi-34B: the 34B is a parameter count, only "Yi-" is a name


def ruled_out(text: str) -> list[Span]:
    """Every span excluded by rule, earliest first (a span inside an earlier rule's span is dropped)."""
    found: list[Span] = []
    taken = [False] * len(text)
    for rule, pattern in RULES:
        for m in pattern.finditer(text):
            s, e = m.span()
            if rule == "name" and (size := _SIZE.search(m.group())):
                e = s + size.start()  # keep the size out of the name
            if e > s and not any(taken[s:e]):
                found.append(Span(s, e, text[s:e], rule))
                taken[s:e] = [True] * (e - s)
    return sorted(found, key=lambda x: x.start)


def mask(text: str, spans: list[Span]) -> str:
    chars = list(text)
    for sp in spans:
        chars[sp.start:sp.end] = MASK * (sp.end - sp.start)
    return "".join(chars)


# --------------------------------------------------------------------------- numbers

_TIME = r"毫秒|秒钟|秒|分钟|个小时|小时|个钟头|天|周年|周|个星期|星期|个月|个季度|年半|年"
_UNIT = (rf"(?:{_TIME}|倍|%|％|B(?![A-Za-z])|E(?![A-Za-z])|亿美元|美元|美金|元|个|家|张|颗|块|名|人|位|件|次|款|种"
         r"|篇|部|台|步|岁|项|条|代|层|轮)")
_CNCH = (r"(?:[零〇一二两三四五六七八九十百千万亿]|几(?=[十百千万亿个家年天位名张次种件颗块])|(?<=[十好])几"
         r"|半(?=个?(?:年|月|天|小时|步|秒|分钟))|(?<=一)半"
         r"|(?<![参函变指总人次多少无分岁位字系倍])数(?=[年个家位名天次]))")
_TOKEN = rf"(?:\d+\s*/\s*\d+|(?<![\dA-Za-z])(?<!\d[.,])\d+(?:,\d{{3}})*(?:\.\d+)?|{_CNCH}+)"
_JOIN = r"(?:\s?[多余]?\s?(?=[十百千万亿])|\s?[-~～–—]\s?|到|至|个?(?:年|月|小时)(?:到|至))"
_PREFIX = r"(?:上(?=[十百千万亿])|好(?=几)|(?<![参函变指总人次多少无分岁位字系倍])数(?=[十百千万亿])|百分之)"
NUMBER = re.compile(rf"{_PREFIX}?{_TOKEN}(?:{_JOIN}{_TOKEN})*(?:\s?[多余来]?\s?{_UNIT}|\s?[多余])?")
_COUNTS = ("只有", "只", "仅有", "仅仅", "仅", "才", "共有", "一共", "总共")  # 只有一个PhD: a count
_ONLY_ONE = re.compile(r"^一+(?P<unit>[^零〇一二两三四五六七八九十百千万亿\d]*)$")
_HEADCOUNT = re.compile(r"^一[个名位]人(?![工才类性物格])")  # 一个人的公司 (but not 一个人工智能, 一个人才)
_KEEPS_ONE = re.compile(rf"^(?:{_TIME}|倍|%|％|步)$")


def _is_article(text: str, m: re.Match) -> bool:
    """``一`` that counts nothing: the indefinite article or part of a word (一个, 一些, 一起, 统一),
    unless a duration, multiple or step follows (一年, 一个小时, 慢一步), 只有/仅/才 precedes it, or it
    is a headcount of one (一个人, but not 每一个人, 任何一个人)."""
    one = _ONLY_ONE.match(m.group())
    if not one:
        return False
    if _KEEPS_ONE.match(one.group("unit").strip()):
        return False
    before = text[max(0, m.start() - 2):m.start()]
    if _HEADCOUNT.match(text[m.start():m.end() + 2]) and not before.endswith(("每", "任何", "哪", "某")):
        return False
    return not before.endswith(_COUNTS)


def numbers(text: str, masked: str | None = None) -> tuple[list[Span], list[Span]]:
    """(numeric expressions, indefinite 一s) in ``text``; ``masked`` is the text with ruled-out
    spans masked (computed if not given)."""
    masked = masked if masked is not None else mask(text, ruled_out(text))
    found, articles = [], []
    for m in NUMBER.finditer(masked):
        s, e = m.span()
        while e > s and masked[e - 1].isspace():
            e -= 1
        if _is_article(text, m):
            articles.append(Span(s, e, text[s:e], "article"))
        else:
            found.append(Span(s, e, text[s:e]))
    return found, articles


# --------------------------------------------------------------------------- China beside the US

CHINA = re.compile(r"中国|国内|国产|我国|中方")
BOTH = re.compile(r"中美")
US = re.compile(r"美国|美方|国外|海外|硅谷(?!101)|Open\s?AI|ChatGPT|GPT|GP4|谷歌|Google|英伟达|Nvidia|NVIDIA|微软"
                r"|Microsoft|Meta|亚马逊|Amazon|Deep[Mm]ind|Anthropic|特斯拉|Tesla")
WE = re.compile(r"我们|咱们")
CUE = re.compile(r"差距|落后|领先|赶上|追赶|赶超|跟上|跟随|追上|超过|超越|相比|对比|对标|优于|不及|不如|甩开|拉开"
                 r"|甩在|持平|相当|接近|优势|劣势|比.{0,15}?(?:更|要|强|差|好|快|慢|高|低|多|少|大|小)|慢|快")


def comparison(sentence: str, loose: bool = False) -> Span | None:
    """The shortest China–US pair in ``sentence`` (offsets within it), or None.

    A sentence compares China with the US when it says 中美, or names the China side (中国, 国内,
    国产, 我国, 中方) and the US side (:data:`US`: 美国, 国外, 海外, 硅谷, OpenAI, ChatGPT/GPT, 谷歌,
    英伟达, 微软 …); 我们/咱们 stands for the China side only in a sentence with a comparison word
    (:data:`CUE`: 差距, 落后, 领先, 赶上, 相比, 比…更 …). ``loose`` counts 我们 without a comparison
    word (used to decide whether a quote holds the pair)."""
    both = BOTH.search(sentence)
    if both:
        return Span(both.start(), both.end(), both.group())
    us = list(US.finditer(sentence))
    if not us:
        return None
    china = list(CHINA.finditer(sentence))
    if loose or CUE.search(sentence):
        china += list(WE.finditer(sentence))
    pairs = [(max(c.end(), u.end()) - min(c.start(), u.start()), min(c.start(), u.start()), max(c.end(), u.end()))
             for c in china for u in us]
    if not pairs:
        return None
    _, s, e = min(pairs)
    return Span(s, e, sentence[s:e])
