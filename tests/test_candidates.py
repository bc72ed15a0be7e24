"""Nothing missed: the candidate finder lists every number and China–US comparison (and keeps dates,
names, ordinals and idioms out by rule), every candidate is coded or excluded with a reason, the
finder finds the numbers the tables code, and `baimo check` refuses what is neither."""

import hashlib

import pandas as pd
import pytest

from baimo.cli import main
from baimo.core import codebook, paths
from baimo.data import claims, corpus, excluded
from baimo.text import candidates, numerals
from conftest import run_baimo


def numbers_in(text: str) -> list[str]:
    return [c.text for c in candidates.find("test", text) if c.kind == "number"]


# ---- the finder, on hand-written strings


@pytest.mark.parametrize("text,expected", [
    ("成立18个月的公司", "18个月"),
    ("它是拿了 1.01 亿美元", "1.01 亿美元"),
    ("我们有45,000张的英伟达GPU", "45,000张"),
    ("要比美国落后 3-5 年。", "3-5 年"),
    ("而今天这个数据大概是5~10%之间", "5~10%"),
    ("使用几万张显卡训练", "几万张"),
    ("起码得上千张卡的规模", "上千张"),
    ("人类到了十几岁的状态", "十几岁"),
    ("后来GPT-4到了1万多亿的浮点参数", "1万多亿"),
    ("国内已有70多家大模型创业公司", "70多家"),
    ("估值应该还能翻 10 倍", "10 倍"),
    ("百分之八十的企业", "百分之八十"),
    ("也就是半年到一年半之间的动态追赶", "半年到一年半"),
    ("大概需要三个月到半年", "三个月到半年"),
    ("200毫秒出结果", "200毫秒"),
    ("参数量是人脑 1/10 倍的模型", "1/10 倍"),
    ("有两家创业公司", "两家"),
    ("有好几十名工程师", "好几十名"),
    ("团队里也只有一个PhD", "一个"),
    ("让你的训练停了一个小时", "一个小时"),
    ("理想上慢半步", "半步"),
    ("会不会收敛到一到两个模型", "一到两个"),
    ("从一个模型的参数从数十亿到万亿的差别", "数十亿到万亿"),
    ("经过数年耕耘", "数年"),
    ("总共大概有3000E的算力", "3000E"),
    ("发布了首个开源模型Yi-34B", "34B"),  # the size glued to a name stays listed
    ("会有一批一个人的公司出现", "一个"),  # a headcount of one
])
def test_each_numeral_form_is_found(text, expected):
    assert expected in numbers_in(text), numbers_in(text)


@pytest.mark.parametrize("text,rule", [
    ("AGI大模型是2023年最炙手可热的风口", "date"),
    ("GPT-3 在 2020 年推出之后", "date"),
    ("徐冰在5月27日一场活动上强调", "date"),
    ("今年的六七月份我们就能赶上", "date"),
    ("9月份国内市场已经出现", "date"),
    ("今年 22 年的时候", "date"),
    ("仅上半年，国内已有", "date"),
    ("GPT-4及其下一代", "name"),
    ("GPT3.5国内对标", "name"),
    ("2020年就有了GPT3.0,ChatGPT-3.5", "name"),
    ("Meta的开源模型Llama 2发布", "name"),
    ("英伟达H100芯片的数据格式", "name"),
    ("背后是有很多 A100 的算力", "name"),
    ("就像5G网络一样", "name"),
    ("最近带火的Dall·E·2", "name"),
    ("他创立了零一万物(01.AI)", "name"),
    ("本文来自微信公众号:硅谷101", "name"),
    ("第一,本身对中文的理解", "ordinal"),
    ("第二个是资本的加持", "ordinal"),
    ("第四届BEYOND国际科技创新博览会", "ordinal"),
    ("两个特性:一是我们肯定", "ordinal"),
    ("就是生成式AI:可生万物", "idiom"),
    ("这十分重要", "idiom"),
    ("如何去进一步提高模型的效率", "idiom"),
    ("在百家争鸣的竞争中", "idiom"),
])
def test_each_rule_excluded_form_stays_out(text, rule):
    found = numerals.ruled_out(text)
    assert rule in {s.rule for s in found}, found
    listed = numbers_in(text)
    for s in found:
        assert not any(s.text.strip() in n or n in s.text for n in listed), (s, listed)


@pytest.mark.parametrize("text", ["我们一起去做贡献", "是一个人工智能研究的实验室", "还有一些大企业", "跟人能达到一样的水准",
                                  "该活的一定会活下来", "把这个视频文本语音统一训练", "英伟达的客户之一",
                                  "半导体公司", "数据和参数", "这几乎不可能"])
def test_words_with_a_numeral_that_count_nothing_are_not_listed(text):
    assert numbers_in(text) == []


@pytest.mark.parametrize("sentence,pair", [
    ("现在中国和美国最大的差距在于算力。", "中国和美国"),
    ("张文强调,从长期来看,中美 AI 差距会不断缩小。", "中美"),
    ("我们跟GPT-4的差距也就是半年之内。", "我们跟GPT"),
    ("当前国产大模型和GPT-4的差距仍然很大。", "国产大模型和GPT"),
    ("这个事情在国内还没有形成一个可以和国外相媲美的应用生态。", "国内还没有形成一个可以和国外"),
])
def test_a_comparison_sentence_is_found(sentence, pair):
    found = [c for c in candidates.find("test", sentence) if c.kind == "comparison"]
    assert [c.text for c in found] == [pair]


@pytest.mark.parametrize("sentence", [
    "中国工程师很勤劳。",                      # China only
    "现在确实全球最好的人工智能人才在美国。",      # US only
    "一个是我们之前的播客讨论过的GPT-3。",        # 我们 without a comparison word
    "《硅谷101》:在中国做到千亿模型,大概花多少?",  # 硅谷101 is a podcast, not Silicon Valley
])
def test_a_sentence_that_compares_nothing_is_not_a_candidate(sentence):
    assert [c for c in candidates.find("test", sentence) if c.kind == "comparison"] == []


def test_a_candidate_carries_article_offset_line_and_sentence():
    text = "第一行。\n他说:估值是 10 亿美元,很高。"
    (c,) = candidates.find("x", text)
    assert (c.article_id, c.kind, c.text, c.line) == ("x", "number", "10 亿美元", 2)
    assert text[c.start:c.end] == "10 亿美元" and c.sentence == "他说:估值是 10 亿美元,很高。"


# ---- the real corpus


def rows_with_a_number() -> set[str]:
    out = set()
    for t in ("compute", "lag", "parameters"):
        df = pd.read_csv(claims.table_path(t), dtype=str, keep_default_na=False)
        out |= set(df.claim_id[(df.value != "") | (df.low != "") | (df.high != "")])
    return out


def test_recall_on_the_coded_numbers_is_at_least_95_percent():
    r = candidates.recall()
    assert set(r.claim_id) == rows_with_a_number()  # every numeric row measured, none skipped
    assert r.found.mean() >= 0.95, r[~r.found]
    summary = candidates.recall_summary().set_index("table")
    assert summary.loc["all", "rows"] == len(rows_with_a_number())


def test_every_candidate_is_coded_or_excluded_and_the_counts_add_up():
    st = candidates.statuses()
    assert set(st.status) <= {"coded", "excluded"}, st[~st.status.isin(["coded", "excluded"])]
    cov = candidates.coverage()
    assert (cov.found == cov.coded + cov.excluded + cov.uncovered).all()
    assert (cov.found == cov.numbers + cov.comparisons).all()
    reasons = [c for c in cov.columns if c.startswith("excluded: ")]
    assert (cov[reasons].sum(axis=1) == cov.excluded).all()
    assert candidates.problems() == []


def test_every_exclusion_reason_is_in_the_codebook_and_documented():
    vocab = codebook.vocabulary("exclusion_reason")
    df, probs = excluded.read()
    assert probs == [] and set(df.reason) <= set(vocab.values)
    doc = paths.CODEBOOK.read_text(encoding="utf-8")
    assert "## Numbers left out on purpose" in doc
    for t in vocab.terms:
        assert f"`{t.value}`" in doc and t.en and t.zh, t.value


def test_the_millimetre_slip_is_repaired_in_the_clean_text_and_the_raw_file_is_untouched():
    clean = corpus.clean_text("beyond")
    assert "200毫秒、300毫秒出结果" in clean and "毫米" not in clean
    raw_name = corpus.articles().set_index("article_id").raw_file["beyond"]
    raw = (paths.RAW_ARTICLES / raw_name).read_bytes()
    assert "200毫米、300毫米出結果".encode() in raw  # the slip is still in the raw file
    listed = dict(line.split()[::-1] for line in paths.MANIFEST.read_text().splitlines() if line.strip())
    assert hashlib.sha256(raw).hexdigest() == listed[f"articles/{raw_name}"]
    row = pd.read_csv(claims.table_path("compute"), dtype=str, keep_default_na=False).set_index("claim_id")
    latency = row[row.original == "200毫秒、300毫秒"]
    assert len(latency) == 1 and (latency.iloc[0][["low", "high", "unit", "qualifier"]]
                                  == ["0.2", "0.3", "second", "range"]).all()


def test_baimo_candidates_prints_each_candidate_with_its_status(capsys):
    main(["candidates", "beyond"])
    out = capsys.readouterr().out
    assert "'200毫秒'" in out and "coded: C-beyond-24" in out
    assert "'25分钟'" in out and "excluded: not_about_the_race" in out
    assert "sv101:" not in out


# ---- what the check refuses


def drop_exclusion(path, passage: str) -> None:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert (df.passage == passage).sum() == 1
    df[df.passage != passage].to_csv(path, index=False)


def add_exclusion(path, article_id: str, passage: str, reason: str = "not_about_the_race") -> int:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[len(df)] = [article_id, passage, reason, "test row"]
    df.to_csv(path, index=False)
    return len(df) + 1  # its CSV row (header = 1)


def test_check_names_a_candidate_whose_exclusion_row_is_removed(proj):
    drop_exclusion(proj / "data/claims/excluded.csv", "这场25分钟圆桌对话环节")
    res = run_baimo(proj, "check")
    assert res.returncode == 1, res.stdout
    line = next(x for x in res.stdout.splitlines() if "25分钟" in x)
    assert line.startswith("data/processed/clean/beyond.txt: line 11, offset ")
    assert "number '25分钟' is neither coded nor excluded" in line
    assert "以下是钛媒体App编辑简要整理这场25分钟圆桌对话环节的核心信息" in line  # its sentence


def test_check_refuses_an_exclusion_row_whose_passage_is_not_verbatim(proj):
    row = add_exclusion(proj / "data/claims/excluded.csv", "beyond", "这场30分钟圆桌对话环节")
    res = run_baimo(proj, "check")
    assert res.returncode == 1
    assert f"data/claims/excluded.csv row {row}, column passage: not found verbatim in " \
           "data/processed/clean/beyond.txt" in res.stdout, res.stdout


def test_a_number_inside_a_quote_that_does_not_code_it_is_named_as_such(tmp_path):
    f = tmp_path / "excluded.csv"
    f.write_bytes(excluded.PATH.read_bytes())
    drop_exclusion(f, "(1E约等于1000PFlops-day)")
    probs = [str(p) for p in candidates.problems(path=f)]
    assert len(probs) == 2, probs  # 1E and 1000
    assert all("inside C-wangjian-09, whose numbers do not include it" in p for p in probs)
    assert any("number '1000'" in p for p in probs)


@pytest.mark.parametrize("article,passage,message", [
    ("wangjian", "人工智能", "found"),                              # many places
    ("wangjian", "王坚的履历显得有些传奇", "covers no candidate"),    # no number in it
    ("wangjian", "大概用了1万块英伟达A100", "excludes nothing"),      # its number is coded (C-wangjian-08)
    ("beyond", "这场25分钟圆桌", "excludes nothing"),               # already excluded by an earlier row
])
def test_an_exclusion_row_must_name_one_place_and_exclude_something(tmp_path, article, passage, message):
    f = tmp_path / "excluded.csv"
    f.write_bytes(excluded.PATH.read_bytes())
    row = add_exclusion(f, article, passage)
    probs = [str(p) for p in candidates.problems(path=f)]
    assert any(f"excluded.csv row {row}, column passage: {message}" in p for p in probs), probs


def test_an_unknown_reason_is_refused(tmp_path):
    f = tmp_path / "excluded.csv"
    f.write_bytes(excluded.PATH.read_bytes())
    row = add_exclusion(f, "beyond", "这场25分钟圆桌", reason="boring")
    probs = [str(p) for p in candidates.problems(path=f)]
    assert any(f"excluded.csv row {row}, column reason: 'boring'" in p for p in probs), probs
