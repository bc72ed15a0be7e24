"""The corpus: immutable raw files, and cleaning that does exactly what it says."""

import hashlib
import re
import shutil

import pytest

from baimo import BaimoError
from baimo.core import paths
from baimo.data import cleaning, corpus

ROOT = paths.ROOT
SEEDS = ROOT.parent / "shared" / "seeds"


def test_raw_files_match_manifest():
    listed = corpus.verify_raw()
    assert len([p for p in listed if p.startswith("articles/") and p.endswith(".txt")]) == 5
    assert "articles/SEEDS-README.md" in listed  # the manifest lists every file present
    assert "reference/public_record.csv" in listed


def test_raw_articles_are_byte_identical_to_the_seeds():
    if not SEEDS.exists():
        pytest.skip("../shared/seeds not beside this checkout")
    for f in sorted(SEEDS.glob("0*.txt")):
        assert (paths.RAW_ARTICLES / f.name).read_bytes() == f.read_bytes(), f.name


@pytest.mark.parametrize("damage", ["altered", "missing"])
def test_damaged_raw_file_is_named(tmp_path, damage):
    shutil.copytree(paths.RAW, tmp_path / "raw")
    target = tmp_path / "raw" / "articles" / "002_0eefdb9f6bfaad92.txt"
    target.chmod(0o644)
    if damage == "altered":
        target.write_bytes(target.read_bytes() + b" ")
    else:
        target.unlink()
    with pytest.raises(BaimoError) as err:
        corpus.verify_raw(tmp_path / "raw" / "SHA256SUMS")
    msg = str(err.value)
    assert "002_0eefdb9f6bfaad92.txt" in msg
    assert ("altered" in msg) if damage == "altered" else ("missing" in msg)


def test_regenerating_clean_texts_is_byte_identical():
    for c in cleaning.clean_all():
        committed = (paths.CLEAN / f"{c.article_id}.txt").read_bytes()
        assert c.text.encode("utf-8") == committed, c.article_id


def test_every_article_has_metadata_and_a_clean_text():
    arts = corpus.articles()
    assert sorted(arts.raw_file) == sorted(p.name for p in paths.RAW_ARTICLES.glob("*.txt"))
    assert arts.article_id.is_unique
    for a in arts.article_id:
        assert len(corpus.clean_text(a)) > 3000


# ---- what must be gone

HAN = r"[\u4e00-\u9fff]"


def test_no_pinyin_annotation_remains():
    toned = re.compile(HAN + r"\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)")
    fragment = re.compile(r"[a-z]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-z]*\)")  # '?guī)'-style leftovers
    for a, t in corpus.clean_texts().items():
        assert not toned.search(t), (a, toned.search(t))
        assert not fragment.search(t), (a, fragment.search(t))


def test_no_garbage_remains():
    question = re.compile(r"什么|吗|呢|吧|怎么|如何|哪|为什么|多少|是否|还是|谁|几|Next|(.)没\1|(.)不\2")
    for a, t in corpus.clean_texts().items():
        assert "h3>" not in t and "\ufffd" not in t, a
        for m in re.finditer(r"\?", t):
            # a real question mark ends a line or follows a question word; garbled '?' runs on
            if t[m.end(): m.end() + 1] in ("\n", "", " ", "”"):
                continue
            before = t[max(0, m.start() - 30): m.start()]
            assert question.search(before), (a, t[m.start() - 30: m.end() + 10])
        for bad in ["縮校", "缩校", "越来越校", ",F在", "斓模", "拼笥", "槭裁", "膳碌", "蛟S", "仡欉", "檫@"]:
            assert bad not in t, (a, bad)


def test_no_traditional_character_remains():
    for a, t in corpus.clean_texts().items():
        simplified, changed = cleaning.to_simplified(t)
        assert changed == 0, (a, [x for x, y in zip(t, simplified) if x != y][:10])


# ---- what must be there


def test_each_repair_is_present_in_the_clean_text():
    texts = corpus.clean_texts()
    for r in cleaning.corrections():
        repaired, _ = cleaning.to_simplified(cleaning.strip_pinyin(r.replace)[0])
        for piece in filter(None, (p.strip() for p in repaired.split("\n"))):
            assert piece in texts[r.article_id], (r.row, piece)


def test_real_parentheses_survive():
    t = corpus.clean_text("beyond")
    assert "商品(commodity)" in t
    assert "miss(错过)" in t
    assert "GPU(图形处理器)" in t


def test_strip_pinyin_rule():
    text, n = cleaning.strip_pinyin("創(chuàng)新 業(yè) 商品(commodity) miss(錯過) 的(de) F(xiàn)")
    assert text == "創新 業 商品(commodity) miss(錯過) 的(de) F(xiàn)"
    assert n == 2


def test_chrome_is_dropped_and_content_kept():
    kaifu, sv = corpus.clean_text("kaifu"), corpus.clean_text("sv101")
    for chrome in ["返回顶部", "鲜花", "首页 行业", "摘要:"]:
        assert chrome not in kaifu
    for chrome in ["点击跳转至百度网盘", "您需要登录", "传感圈"]:
        assert chrome not in sv
    assert "预选赛" in kaifu and "Jasper.AI" in sv


# ---- bad input: clear errors, nothing silently ignored


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_repair_that_finds_nothing_is_an_error(tmp_path):
    f = _write(tmp_path / "corrections.csv",
               "article_id,garbled,repaired,reason\nbeyond,不存在的乱码,修好,test\n")
    rules = cleaning.corrections(f)
    with pytest.raises(BaimoError) as err:
        cleaning.apply_corrections(corpus.raw_text("beyond"), rules, "001.txt")
    assert "corrections.csv row 2, column garbled" in str(err.value)
    assert "not found in 001.txt" in str(err.value)


def test_ambiguous_repair_is_an_error(tmp_path):
    f = _write(tmp_path / "corrections.csv", "article_id,garbled,repaired,reason\nbeyond,縮校,縮小。,test\n")
    with pytest.raises(BaimoError, match=r"row 2, column garbled: '縮校' found 3 times"):
        cleaning.apply_corrections(corpus.raw_text("beyond"), cleaning.corrections(f), "001.txt")


def test_repair_without_reason_is_an_error(tmp_path):
    f = _write(tmp_path / "corrections.csv", "article_id,garbled,repaired,reason\nbeyond,縮校,縮小。, \n")
    with pytest.raises(BaimoError, match=r"row 2, column reason"):
        cleaning.corrections(f)


def test_repair_for_unknown_article_is_an_error(tmp_path):
    f = _write(tmp_path / "corrections.csv", "article_id,garbled,repaired,reason\nnope,x,y,z\n")
    with pytest.raises(BaimoError, match=r"row 2, column article_id: unknown article 'nope'"):
        cleaning.corrections(f)


def test_metadata_row_naming_unknown_file_is_an_error(tmp_path):
    text = paths.ARTICLES_TABLE.read_text(encoding="utf-8").replace("002_0eefdb9f6bfaad92.txt", "002_missing.txt")
    f = _write(tmp_path / "articles.csv", text)
    with pytest.raises(BaimoError) as err:
        corpus.articles(f)
    assert "articles.csv row 5, column raw_file: unknown file '002_missing.txt'" in str(err.value)


def test_chrome_rule_that_matches_nothing_is_an_error(tmp_path):
    f = _write(tmp_path / "chrome.csv", "article_id,line,reason\nkaifu,这一行不存在,test\n")
    with pytest.raises(BaimoError, match=r"chrome.csv row 2, column line: .* is not a line of"):
        cleaning.drop_chrome(corpus.raw_text("kaifu"), cleaning.chrome_rules(f), "003.txt")


def test_cleaning_report_counts_each_kind_of_change():
    rep = cleaning.cleaning_report().set_index("article_id")
    assert rep.loc["beyond", "repairs"] == len([r for r in cleaning.corrections() if r.article_id == "beyond"])
    assert rep.loc["wangjian", "pinyin"] > 300 and rep.loc["beyond", "pinyin"] > 100
    assert rep.loc["sv101", "pinyin"] == 0 and rep.loc["sv101", "t2s_chars"] == 0
    assert (rep.clean_chars < rep.raw_chars).all()


def test_manifest_hashes_are_sha256_of_the_files():
    for rel, digest in corpus.read_manifest().items():
        assert hashlib.sha256((paths.RAW / rel).read_bytes()).hexdigest() == digest


def test_t2s_fixes_turn_the_particle_zhe_into_simplified_and_keep_real_zhu():
    """OpenCC t2s keeps 著 (also a Simplified character); the reviewed fixes make the particle 着."""
    texts = corpus.clean_texts()
    assert "随着" in texts["beyond"] and "意味着" in texts["wangjian"] and "起着" in texts["wangjian"]
    assert "著" not in texts["beyond"] and "著" not in texts["wangjian"]  # every 著 there was the particle
    assert "显著" in texts["sv101"]  # a real 著 (notable) stays
    raw = cleaning.to_simplified("隨著技術的發展，顯著")[0]
    assert raw == "随著技术的发展，显著"  # what t2s alone gives: the reason for the table


def test_a_t2s_fix_with_the_wrong_count_stops_the_cleaning(project_copy):
    from conftest import run_baimo

    f = project_copy / "data/cleaning/t2s_fixes.csv"
    f.write_text(f.read_text(encoding="utf-8").replace("beyond,随著,随着,4,", "beyond,随著,随着,3,"), encoding="utf-8")
    res = run_baimo(project_copy, "clean")
    assert res.returncode == 1
    assert ("data/cleaning/t2s_fixes.csv row 2, column find: '随著' found 4 times in the simplified text of "
            "data/raw/articles/001_5529592bb8dbcccd.txt, the table says 3") in res.stderr
