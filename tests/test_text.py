"""Tests for baimo.text: turns, segmentation, lexicon counts, rates, KWIC, agreement statistics.

Every expectation is worked out by hand from an input built in the test (or read off the cleaned
article text), never copied from the function's own output.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from baimo import BaimoError
from baimo.analysis import framing
from baimo.core import codebook
from baimo.data import claims, corpus, lexicon
from baimo.text import agreement, tokens, turns

NAMES_COLON = {"问": "The Information", "李开复": "李开复"}


# --------------------------------------------------------------------------- speaker turns


def test_split_turns_colon_style_offsets():
    t = "导语。\n问:你好吗?\n李开复:很好。\n第二段。\n"
    # line 1 "导语。\n" = 0..3; "问:" at 4, content from 6; line 3 starts at 11, "李开复:" → content 15
    df = turns.split_turns(t, NAMES_COLON)
    assert list(df.speaker) == ["文章作者", "The Information", "李开复"]
    assert list(zip(df.start, df.end)) == [(0, 4), (6, 11), (15, 24)]
    assert list(df.text) == ["导语。\n", "你好吗?\n", "很好。\n第二段。\n"]
    assert list(df.turn) == [0, 1, 2]


def test_split_turns_fullwidth_colon_and_alias():
    t = "《硅谷101》：AIGC为什么火？\n晋英杰：因为开源。\n"
    df = turns.split_turns(t, {"《硅谷101》": "硅谷101", "晋英杰": "晋英杰"})
    # no narration before the first marker, so the first turn is the host's
    assert list(df.speaker) == ["硅谷101", "晋英杰"]
    assert list(df.text) == ["AIGC为什么火？\n", "因为开源。\n"]


def test_split_turns_bold_markdown_style():
    t = ("**“标题”**\n\n**孙天澍：问题是什么？**\n\n**王小川：** 回答一。\n\n"
         "**邱锡鹏 ：**\n回答二。\n")
    df = turns.split_turns(t, {"孙天澍": "孙天澍", "王小川": "王小川", "邱锡鹏": "邱锡鹏"})
    assert list(df.speaker) == ["文章作者", "孙天澍", "王小川", "邱锡鹏"]
    assert df.text.iloc[1] == "问题是什么？**\n\n"  # the whole bold question is the host's turn
    assert df.text.iloc[2] == "回答一。\n\n"       # text on the marker's own line
    assert df.text.iloc[3] == "\n回答二。\n"       # text on the line after the marker
    for r in df.itertuples():
        assert t[r.start:r.end] == r.text


def test_heading_between_turns_is_narration():
    t = "王坚:答。\n小标题\n南都:问?\n"
    df = turns.split_turns(t, {"王坚": "王坚", "南都": "南都"})
    assert list(df.speaker) == ["王坚", "文章作者", "南都"]
    assert list(df.text) == ["答。\n", "小标题\n", "问?\n"]


def test_credit_line_after_last_turn_is_narration():
    t = "问:好吗?\n张文:好。\n(本文首发于钛媒体App,作者|林志佳)\n"
    df = turns.split_turns(t, {"问": "贺建东", "张文": "张文"})
    assert list(df.speaker) == ["贺建东", "张文", "文章作者"]


def test_unknown_name_with_colon_is_not_a_turn():
    t = "以下为采访全文:\n晋英杰:我说。\n他预测:未来会更好，而且会非常非常好，这是一个很长的句子，不是标题。\n"
    df = turns.split_turns(t, {"晋英杰": "晋英杰"})
    assert list(df.speaker) == ["文章作者", "晋英杰"]
    assert "他预测" in df.text.iloc[1]


def test_marker_names_map_hosts_per_article():
    assert turns.marker_names("beyond")["问"] == "贺建东"
    assert turns.marker_names("beyond")["主持人"] == "贺建东"
    assert turns.marker_names("kaifu")["问"] == "The Information"
    assert turns.marker_names("sv101")["《硅谷101》"] == "硅谷101"
    assert turns.marker_names("wangjian")["南都"] == "南都"
    assert "李开复" not in turns.marker_names("wangjian")


def test_turns_on_the_real_articles():
    contech = turns.turns("contech")
    at = contech.text.str.contains("理想上慢半步")
    assert set(contech[at].speaker) == {"王小川"}
    # wangjian: 13 questions by 南都 and 13 answers by 王坚 (counted by hand in the cleaned text)
    wj = turns.turns("wangjian").speaker.value_counts()
    assert wj["南都"] == 13 and wj["王坚"] == 13
    kaifu = turns.turns("kaifu")
    assert list(kaifu.speaker) == ["文章作者"] + ["The Information", "李开复"] * 4
    sv = turns.turns("sv101")
    heading = sv[sv.text.str.startswith("为什么长不出中国的OpenAI")]
    assert list(heading.speaker) == ["文章作者"]
    beyond = turns.turns("beyond")
    assert beyond.speaker.iloc[1] == "贺建东" and beyond.text.iloc[1].startswith("中国、美国的 AI 行业差异")


def test_coded_speakers_match_turns():
    """Every lag/framing row sits in its speaker's turn, or in the narration (a direct quotation)."""
    for thread in ("lag", "framing"):
        df = turns.claim_spans(claims.load(thread))
        bad = df[(df.speaker != df.turn_speaker) & (df.turn_speaker != "文章作者")]
        assert bad.empty, bad[["claim_id", "speaker", "turn_speaker"]].to_string()


# --------------------------------------------------------------------------- segmentation


def test_every_dictionary_and_lexicon_word_is_one_token():
    """Each user-dictionary and frame-lexicon word comes out of jieba whole (one check, all failures listed)."""
    words = list(dict.fromkeys(lexicon.userdict_words() + list(lexicon.frame_lexicon().word)))
    split = {w: tokens.segment(w) for w in words if tokens.segment(w) != [w]}
    assert len(words) > 100
    assert not split, f"{len(split)} word(s) split by jieba: {split}"


def test_userdict_terms_stay_whole_in_context():
    toks = tokens.segment("有媒体称之为百模大战,国产大模型和GPT-4的算力差距很大,英伟达的芯片")
    for w in ("百模大战", "大模型", "GPT-4", "算力", "英伟达"):
        assert w in toks
    assert tokens.segment("零一万物发布通义千问") == ["零一万物", "发布", "通义千问"]


def test_without_userdict_jieba_splits_the_terms():
    assert tokens.segment_plain("大模型") == ["大", "模型"]
    assert tokens.segment_plain("百模大战") == ["百模", "大战"]


def test_tokens_drop_punctuation_and_markdown():
    assert tokens.segment("**王小川：** 大模型，好！") == ["王小川", "大模型", "好"]


def test_tokens_of_an_article_exclude_marker_names():
    tok = tokens.tokens("wangjian")
    # 王坚 appears 21 times in the text; 13 of them are the "王坚:" turn markers
    assert (tok.token == "王坚").sum() == 21 - 13
    assert set(tok.speaker) >= {"王坚", "南都", "文章作者"}


# --------------------------------------------------------------------------- lexicon files


def test_frame_lexicon_uses_codebook_frames_and_covers_each():
    lex = lexicon.frame_lexicon()
    assert set(lex.frame) == set(codebook.VOCAB["frame"])
    assert not lex.word.duplicated().any()


def test_frame_lexicon_rejects_unknown_frame(tmp_path):
    f = tmp_path / "frames.csv"
    f.write_text("word,frame,note\n大战,war,\n", encoding="utf-8")
    with pytest.raises(BaimoError, match="row 2, column frame"):
        lexicon.frame_lexicon(f)


def test_frame_lexicon_rejects_duplicate_word(tmp_path):
    f = tmp_path / "frames.csv"
    f.write_text("word,frame,note\n大战,competition,\n大战,selection,\n", encoding="utf-8")
    with pytest.raises(BaimoError, match="listed twice"):
        lexicon.frame_lexicon(f)


def test_userdict_format(tmp_path):
    f = tmp_path / "u.txt"
    f.write_text("# comment\n大模型 3000 n\nGPT-4\n算力 5\n", encoding="utf-8")
    assert lexicon.userdict_words(f) == ["大模型", "GPT-4", "算力"]
    f.write_text("大 模型 n\n", encoding="utf-8")
    with pytest.raises(BaimoError, match="not 'word"):
        lexicon.userdict_words(f)


def test_stopwords_are_function_words():
    sw = lexicon.stopwords()
    assert {"的", "了", "我们", "这个"} <= sw
    assert not {"大模型", "算力", "竞争"} & sw


def test_glosses_format(tmp_path):
    f = tmp_path / "g.csv"
    f.write_text("term,gloss_en,kind\n血洗,bloodbath,word\n庆峰,Qingfeng (Liu Qingfeng),name\n", encoding="utf-8")
    g = lexicon.glosses(f)
    assert list(zip(g.term, g.gloss_en, g.kind)) == [("血洗", "bloodbath", "word"), ("庆峰", "Qingfeng (Liu Qingfeng)", "name")]
    for body, message in (("血洗,bloodbath,metaphor\n", "row 2, column kind"),
                          ("血洗,,word\n", "row 2, column gloss_en"),
                          (" 血洗,bloodbath,word\n", "row 2, column term"),
                          ("血洗,bloodbath,word\n血洗,massacre,word\n", "listed twice")):
        f.write_text("term,gloss_en,kind\n" + body, encoding="utf-8")
        with pytest.raises(BaimoError, match=message):
            lexicon.glosses(f)


def test_every_metaphor_word_and_shown_term_has_a_gloss():
    """The notebook glosses every metaphor word of framing.csv and every term it shows; a new
    metaphor or a change in the texts that brings up an unglossed term fails here first."""
    gl = lexicon.glosses()
    fr = claims.load("framing")
    words = [w for m in fr.metaphor for w in framing.metaphor_pieces(m)]
    framing.gloss_terms(words, gl)  # raises naming every word without a gloss
    names = set(corpus.speakers().speaker) | set(gl.term[gl.kind == "name"])
    counts = tokens.article_term_counts()
    for scores in (tokens.tfidf(counts), counts):
        top = framing.distinctive_terms(scores, gl, names, n=10)
        assert len(top) == 10 * counts.shape[1] and not set(top.term) & names


# --------------------------------------------------------------------------- counting and rates

LEX = {"竞争": "competition", "激烈": "competition", "淘汰": "selection", "生态": "ecosystem"}


def test_frame_rates_by_group():
    tok = pd.DataFrame({"article_id": ["A"] * 4 + ["B"] * 5,
                        "token": ["竞争", "很", "激烈", "的", "淘汰", "了", "一", "些", "公司"]})
    lex = pd.DataFrame({"word": list(LEX), "frame": list(LEX.values()), "note": ""})
    r = framing.frame_rates(tok, lex, "article_id")
    # A: 2 competition hits in 4 tokens = 500 per 1,000; B: 1 selection hit in 5 tokens = 200
    assert r.loc["A", "competition"] == 500.0
    assert r.loc["B", "selection"] == 200.0
    assert r.loc["A", "selection"] == 0.0 and r.loc["B", "competition"] == 0.0
    assert list(r.tokens) == [4, 5]
    assert list(r.columns[:7]) == codebook.VOCAB["frame"]


def test_frame_counts_by_group():
    tok = pd.DataFrame({"article_id": ["A"] * 4 + ["B"] * 5,
                        "token": ["竞争", "很", "激烈", "的", "淘汰", "了", "一", "些", "公司"]})
    lex = pd.DataFrame({"word": list(LEX), "frame": list(LEX.values()), "note": ""})
    c = framing.frame_counts(tok, lex, "article_id")
    # A: 竞争 and 激烈 are both competition words; B: one selection word; nothing else anywhere
    assert c.loc["A", "competition"] == 2 and c.loc["B", "selection"] == 1
    assert c.loc["A"].drop(["competition", "tokens"]).sum() == 0 and c.loc["B", "ecosystem"] == 0
    assert list(c.tokens) == [4, 5] and c.competition.dtype.kind == "i"


def test_peaks_in_words():
    rates = pd.DataFrame({"selection": [8.8, 2.5], "market": [4.1, 14.2]}, index=["kaifu", "wangjian"])
    assert framing.peaks_in_words(rates, ["selection", "market"], str.upper) == (
        "selection words are densest in KAIFU (8.8 per 1,000 tokens), market words in WANGJIAN (14.2)")


def test_lexicon_word_counts():
    tok = pd.DataFrame({"article_id": ["A", "A", "B"], "token": ["竞争", "竞争", "生态"]})
    lex = pd.DataFrame({"word": list(LEX), "frame": list(LEX.values()), "note": ""})
    t = framing.lexicon_word_counts(tok, lex).set_index("word")
    assert t.loc["竞争", "A"] == 2 and t.loc["竞争", "B"] == 0 and t.loc["生态", "total"] == 1


# --------------------------------------------------------------------------- KWIC


def test_kwic_matches_whole_tokens_only():
    t = "大家都很卷，席卷全球。"
    toks = [("大家", 0, 2), ("都", 2, 3), ("很", 3, 4), ("卷", 4, 5), ("席卷", 6, 8), ("全球", 8, 10)]
    k = tokens.kwic_text(t, toks, "卷", width=3)
    assert len(k) == 1  # 席卷 is not 卷
    assert k.iloc[0].to_dict() == {"start": 4, "left": "家都很", "keyword": "卷", "right": "，席卷"}


def test_kwic_shows_newlines():
    t = "甲\n竞争\n乙"
    k = tokens.kwic_text(t, [("甲", 0, 1), ("竞争", 2, 4), ("乙", 5, 6)], ["竞争"], width=2)
    assert (k.left.iloc[0], k.right.iloc[0]) == ("甲⏎", "⏎乙")


def test_kwic_on_corpus_finds_the_media_label():
    k = tokens.kwic(["百模大战"])
    # 百模大战 occurs once in kaifu (narration) and once in wangjian (南都's question)
    assert sorted(zip(k.article_id, k.speaker)) == [("kaifu", "文章作者"), ("wangjian", "南都")]


# --------------------------------------------------------------------------- top terms


def test_term_counts_drop_stopwords_short_and_digits():
    c = tokens.term_counts({"A": ["大模型", "的", "我", "2024", "大模型", "算力"]}, stop={"的"})
    assert c["A"].to_dict() == {"大模型": 2, "算力": 1}


def test_tfidf_hand_example():
    counts = pd.DataFrame({"A": {"x": 2, "y": 1, "z": 0}, "B": {"x": 0, "y": 1, "z": 1}})
    s = tokens.tfidf(counts)
    # tf(A,x) = 2/3, idf(x) = ln(2/1); y is in both documents, so idf(y) = ln(1) = 0
    assert s.loc["x", "A"] == pytest.approx(2 / 3 * math.log(2))
    assert s.loc["z", "B"] == pytest.approx(1 / 2 * math.log(2))
    assert s.loc["y", "A"] == 0 and s.loc["y", "B"] == 0
    top = tokens.top_terms(s, n=5)
    assert list(zip(top.doc, top.term)) == [("A", "x"), ("B", "z")]


def test_top_terms_ties_alphabetical():
    s = pd.DataFrame({"A": {"b": 1.0, "a": 1.0, "c": 2.0}})
    assert list(tokens.top_terms(s, n=3).term) == ["c", "a", "b"]


# --------------------------------------------------------------------------- passages


def test_split_sentences():
    t = "他说：“好。”然后走了！\n\n标题\n**加粗。**下一句"
    spans = turns.split_sentences(t)
    assert [t[a:b] for a, b in spans] == ["他说：“好。”", "然后走了！", "标题", "**加粗。**", "下一句"]


def test_quote_span_ignores_whitespace():
    assert turns.quote_span("bcd", "ab c\nd e") == (1, 6)
    assert turns.quote_span("xyz", "ab c") is None


def test_label_units_overlap():
    units = pd.DataFrame({"article_id": ["A", "A"], "start": [0, 5], "end": [5, 10]})
    spans = pd.DataFrame({"article_id": ["A", "A"], "start": [3, 5], "end": [6, 7], "frame": ["x", "y"]})
    got = framing.label_units(units, spans)
    # [3,6) overlaps both units; [5,7) only the second (ends are exclusive)
    assert list(got) == [frozenset({"x"}), frozenset({"x", "y"})]


# --------------------------------------------------------------------------- agreement

GOLD = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
PRED = [1, 1, 0, 1, 0, 0, 0, 0, 0, 0]


def test_confusion_and_precision_recall():
    assert agreement.confusion(GOLD, PRED) == {"tp": 2, "fp": 1, "fn": 1, "tn": 6}
    pr = agreement.precision_recall(GOLD, PRED)
    assert pr["precision"] == pytest.approx(2 / 3)
    assert pr["recall"] == pytest.approx(2 / 3)
    assert pr["f1"] == pytest.approx(2 / 3)


def test_kappa_binary_hand_example():
    # p_o = 8/10; both coders say 1 for 3 of 10, so p_e = .3*.3 + .7*.7 = .58; κ = .22/.42 = 11/21
    assert agreement.cohen_kappa(GOLD, PRED) == pytest.approx(11 / 21)


def test_kappa_textbook_example():
    # 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15 → p_o = .7, p_e = .5*.6 + .5*.4 = .5, κ = .4
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert agreement.cohen_kappa(a, b) == pytest.approx(0.4)


def test_kappa_three_categories():
    # p_o = 4/6; marginals a: 2,2,2 / b: 2,3,1 → p_e = (4 + 6 + 2)/36 = 1/3; κ = (2/3 - 1/3)/(2/3) = .5
    assert agreement.cohen_kappa(list("aabbcc"), list("abbbca")) == pytest.approx(0.5)


def test_kappa_edge_cases():
    assert agreement.cohen_kappa([1, 0, 1], [1, 0, 1]) == 1.0
    assert math.isnan(agreement.cohen_kappa([1, 1], [1, 1]))
    with pytest.raises(ValueError):
        agreement.cohen_kappa([1], [1, 0])


def test_agreement_table_hand_example():
    gold = [{"a"}, {"a", "b"}, set(), {"b"}]
    pred = [{"a"}, {"b"}, {"a"}, set()]
    t = agreement.agreement_table(gold, pred, ["a", "b"]).set_index("frame")
    # a: gold 1100, pred 1010 → tp1 fp1 fn1 tn1: P = R = .5, p_o = .5, p_e = .5, κ = 0
    assert (t.loc["a", "precision"], t.loc["a", "recall"], t.loc["a", "kappa"]) == (0.5, 0.5, 0.0)
    # b: gold 0101, pred 0100 → P = 1, R = .5, p_o = .75, p_e = .5*.25 + .5*.75 = .5, κ = .5
    assert (t.loc["b", "precision"], t.loc["b", "recall"], t.loc["b", "kappa"]) == (1.0, 0.5, 0.5)
    # pooled over 8 pairs: tp2 fp1 fn2 tn3, p_o = 5/8, p_e = .5*.375 + .5*.625 = .5, κ = .25
    pooled = t.loc["all (pooled)"]
    assert (pooled.hand_coded, pooled.lexicon, pooled.both) == (4, 3, 2)
    assert pooled.kappa == pytest.approx(0.25)


def test_by_speaker_keeps_text_order_within_speaker():
    df = pd.DataFrame({"speaker": ["B", "A", "B", "A"], "claim_id": [1, 2, 3, 4]})
    assert list(framing.by_speaker(df, ["A", "B"]).claim_id) == [2, 4, 1, 3]


def test_mismatches():
    units = pd.DataFrame({"article_id": ["A", "A", "A"], "speaker": ["甲"] * 3, "claims": ["F-1", "", ""],
                          "words": ["", "竞争", ""], "text": ["一", "二", "三"],
                          "hand": [frozenset({"national"}), frozenset(), frozenset({"market"})],
                          "lexicon": [frozenset(), frozenset({"competition"}), frozenset({"market"})]})
    missed = framing.mismatches(units, ["competition", "market", "national"], "missed")
    extra = framing.mismatches(units, ["competition", "market", "national"], "extra")
    assert list(zip(missed.frame, missed.text)) == [("national", "一")]
    assert list(zip(extra.frame, extra.text)) == [("competition", "二")]   # the market unit agrees


def test_sentences_of_contech_skip_bare_markers_and_carry_speakers():
    s = turns.sentences("contech")
    assert s.speaker.notna().all()
    assert not s.text.str.fullmatch(r"\*\*\S+\s*：\*\*\s*").any()
    first = s[s.text.str.contains("理想上慢半步，落地上快一步")].iloc[0]
    assert first.speaker == "王小川"


# --------------------------------------------------------------------------- who frames how


def test_cell_claims():
    fr = pd.DataFrame({"speaker": ["甲", "乙", "甲", "甲"], "frame": ["market", "market", "national", "market"],
                       "claim_id": ["F-a-01", "F-a-02", "F-a-03", "F-a-04"]})
    assert framing.cell_claims(fr) == {("甲", "market"): ["F-a-01", "F-a-04"], ("乙", "market"): ["F-a-02"],
                                       ("甲", "national"): ["F-a-03"]}


OUTCOME_ROWS = pd.DataFrame({
    "claim_id": ["F-a-01", "F-a-02", "F-a-03", "F-a-04", "F-a-05"],
    "speaker": ["乙", "甲", "甲", "乙", "甲"],
    "attribution": ["own", "own", "reported", "own", "own"],
    "predicted_outcome": ["elimination", "coexistence", "few_winners", "none", "elimination"],
    "winner": ["big firms", "", "a few", "", " "],
})


def test_outcome_rows_own_views_in_speaker_order():
    o = framing.outcome_rows(OUTCOME_ROWS, ["甲", "乙"])
    # F-a-03 is reported, F-a-04 predicts nothing; 甲 first (order), text order within 甲
    assert list(o.claim_id) == ["F-a-02", "F-a-05", "F-a-01"]
    assert list(o.names_winner) == [False, False, True]  # a blank winner names no one
    assert list(framing.outcome_rows(OUTCOME_ROWS, ["甲", "乙"], own_only=False).claim_id) == \
        ["F-a-02", "F-a-03", "F-a-05", "F-a-01"]


def test_outcome_counts():
    c = framing.outcome_counts(OUTCOME_ROWS, ["甲", "乙"])
    assert list(c.index) == ["甲", "乙"] and list(c.columns) == framing.OUTCOMES
    assert c.loc["甲", "elimination"] == 1 and c.loc["甲", "coexistence"] == 1 and c.loc["甲", "few_winners"] == 0
    assert c.loc["乙"].sum() == 1


# --------------------------------------------------------------------------- glosses

GLOSSES = pd.DataFrame({"term": ["血洗", "战场", "卷", "商品", "头号玩家", "庆峰"],
                        "gloss_en": ["bloodbath", "battlefield", "involution", "commodity", "top players", "Qingfeng"],
                        "kind": ["word"] * 5 + ["name"]})


def test_metaphor_pieces():
    assert framing.metaphor_pieces("慢半步；快一步; 跑得更快") == ["慢半步", "快一步", "跑得更快"]
    assert framing.metaphor_pieces("商品(commodity)") == ["商品"]
    assert framing.metaphor_pieces("“头号”玩家") == ["头号玩家"]
    assert framing.metaphor_pieces("云提供商、企业软件公司") == ["云提供商", "企业软件公司"]
    assert framing.metaphor_pieces("") == []


def test_gloss_terms_ascii_glosses_itself_and_missing_raises():
    assert framing.gloss_terms(["血洗", "AI", "血洗"], GLOSSES) == ["bloodbath", "AI", "bloodbath"]
    with pytest.raises(BaimoError, match="no gloss for 2 term"):
        framing.gloss_terms(["血洗", "大战", "淘金", "大战"], GLOSSES)


def test_metaphor_table_by_domain_then_speaker():
    fr = pd.DataFrame({
        "claim_id": ["F-a-01", "F-a-02", "F-a-03", "F-a-04", "F-a-05"],
        "speaker": ["乙", "甲", "甲", "乙", "甲"],
        "source_domain": ["none", "war", "none", "war", "sport"],
        "metaphor": ["卷", "血洗", "商品(commodity)", "战场; 血洗", ""],
        "quote": ["q1", "q2", "q3", "q4", "q5"], "quote_en": ["e1", "e2", "e3", "e4", "e5"]})
    t = framing.metaphor_table(fr, ["甲", "乙"], GLOSSES)
    # war before none (codebook order); within a domain 甲 before 乙; F-a-05 has no metaphor words
    assert list(t.claim_id) == ["F-a-02", "F-a-04", "F-a-03", "F-a-01"]
    assert list(t.metaphor_en) == ["bloodbath", "battlefield; bloodbath", "commodity", "involution"]
    assert list(t.columns) == ["source_domain", "metaphor", "metaphor_en", "speaker", "quote", "quote_en", "claim_id"]


def test_domain_words_first_distinct_words_of_each_domain_with_glosses():
    fr = pd.DataFrame({"claim_id": ["F-a-01", "F-a-02", "F-a-03"], "speaker": ["甲", "乙", "甲"],
                       "source_domain": ["war", "none", "war"], "metaphor": ["血洗；战场", "AI", "战场、卷"],
                       "quote": "", "quote_en": ""})
    meta = framing.metaphor_table(fr, ["甲", "乙"], GLOSSES)
    # war before none (codebook order); 战场 once; an English word glosses itself
    assert framing.domain_words(meta, GLOSSES) == {"war": ["血洗 'bloodbath'", "战场 'battlefield'", "卷 'involution'"],
                                                   "none": ["AI"]}
    assert framing.domain_words(meta, GLOSSES, n=1)["war"] == ["血洗 'bloodbath'"]


def test_distinctive_terms_drop_names_and_carry_glosses():
    scores = pd.DataFrame({"A": {"庆峰": 0.9, "血洗": 0.5, "战场": 0.2, "卷": 0.0},
                           "B": {"庆峰": 0.0, "血洗": 0.1, "战场": 0.3, "卷": 0.4}})
    top = framing.distinctive_terms(scores, GLOSSES, {"庆峰"}, n=2)
    # A without the name: 血洗 .5, 战场 .2 (卷 scores 0 and is never listed); B: 卷 .4, 战场 .3
    assert list(zip(top.doc, top.term, top.gloss)) == [("A", "血洗", "bloodbath"), ("A", "战场", "battlefield"),
                                                       ("B", "卷", "involution"), ("B", "战场", "battlefield")]
    with pytest.raises(BaimoError, match="庆峰"):
        framing.distinctive_terms(scores, GLOSSES[GLOSSES.kind == "word"], set(), n=1)
