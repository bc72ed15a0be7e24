"""The teaching kit holds together: the lesson plans resolve against what the build makes, the handout
is laid out for the plans, the printed PDFs are legible and reproducible, and the slides are legible on a
1280×720 projector with the teacher's notes in a second window.

Fast tests read the checkout; the slow ones look at a built copy (``built_copy``, shared with the site
tests on one worker) and drive one Chromium for every deck.
"""

import html
import re
import shutil

import pytest

from baimo.core import paths
from baimo.data import lab as lab_data
from baimo.data import predictions, record
from baimo.publish.classroom import handout, kit, plans, slides, worksheet
from baimo.publish.classroom.pdf import CHROMIUM_ARGS, MIN_PT, PRINTED, chromium
from baimo.publish.notebooks.model import notebooks

NBS = notebooks()


# ---------------------------------------------------------------- the lesson plans resolve


def test_every_lesson_plan_step_resolves():
    assert plans.problems(NBS) == []


BROKEN = """## Broken · 50-minute plan

*Uses:* slides 01 · handout page 01 · notebook 01.
*Print:* the overhead transparencies.

| minutes | what happens | teacher's move |
|---|---|---|
| 0–10 | Slides 01: `01-nope`, then **01-Q99**. | |
| 10–20 | Show `03-ladder`. Then **02-Q1**. | |
| 20–30 | Handout page 01: **01-Q1**, and read each forecast's criterion. | |
| 30–40 | Slides 00 and handout page 09; passage lab-99. | |
| 45–50 | Exit ticket. | |
"""


def test_the_check_reports_each_kind_of_break():
    """One planted break of each kind, each reported with its line (the messages name what is wrong)."""
    got = "\n".join(plans.problems(NBS, text=BROKEN))
    expected = [
        "line 4 (Broken · 50-minute plan): marks something for printing but names no document",
        "line 8 (Broken · 50-minute plan): names chart 01-nope, which no notebook saves",
        "line 8 (Broken · 50-minute plan): names question 01-Q99, which notebook 01 does not have",
        "line 9 (Broken · 50-minute plan): names chart 03-ladder, but none of the places it uses",
        "line 9 (Broken · 50-minute plan): names 02-Q1, but none of the places it uses",
        "line 10 (Broken · 50-minute plan): asks 01-Q1 on handout page 01, which does not print it",
        "line 10 (Broken · 50-minute plan): has students read each forecast's criterion on handout page 01",
        "line 11 (Broken · 50-minute plan): opens slides 00, which the build does not make",
        "line 11 (Broken · 50-minute plan): opens handout page 09, which the build does not make",
        "line 11 (Broken · 50-minute plan): names passage lab-99, which data/lab/passages.csv does not have",
        "line 12: starts at minute 45, the step before ended at 40",
    ]
    for e in expected:
        assert e in got, f"not reported: {e}\n--- got:\n{got}"


def test_printing_needs_a_pdf_the_build_makes(monkeypatch):
    """A plan that prints the worksheet fails once no PDF holds it (as before the build printed one)."""
    text = "## P · printing\n\n*Print:* the worksheet (`coding-lab-worksheet.pdf`).\n"
    assert plans.problems(NBS, text=text) == []
    from baimo.publish.classroom import pdf

    monkeypatch.setattr(pdf, "printed_contents", lambda k: {"handout.pdf": {"handout"}})
    got = "\n".join(plans.problems(NBS, text=text))
    assert "marks coding-lab-worksheet.pdf for printing, but no PDF the build makes holds it" in got
    assert "marks worksheet for printing, but no PDF the build makes holds it" in got


def _with_meta(monkeypatch, number, **changes):
    nb = next(n for n in NBS if n.number == number)
    real = type(nb).meta.fget
    monkeypatch.setattr(type(nb), "meta", property(lambda self: {**real(self), **changes} if self is nb else real(self)))


def test_a_handout_question_whose_chart_is_not_on_its_page_is_refused(monkeypatch):
    _with_meta(monkeypatch, "01", handout_questions=[1])  # 01-Q1 uses 01-ratios and 01-gpu-counts
    got = plans.problems(NBS)
    assert any(p.startswith("handout page 01: prints 01-Q1, which uses 01-gpu-counts, not on that page") for p in got), got
    _with_meta(monkeypatch, "01", handout_figure="01-nope", handout_questions=[4])
    assert "handout page 01: its chart 01-nope is not a figure notebook 01 saves (baimo.handout_figure)" in plans.problems(NBS)


# ---------------------------------------------------------------- the handout


def test_each_handout_page_prints_its_chart_claims_questions_and_exit_ticket():
    text = handout.handout_html(NBS)
    pages = {p.number: p for p in handout.handout_pages(NBS)}
    assert list(pages) == [nb.number for nb in kit.threads(NBS)] == ["01", "02", "03", "04", "05"]
    for n, page in pages.items():
        section = text.split(f'id="handout-{n}"')[1].split("</section>")[0]
        assert section.count('<li class="claim">') == 3 and section.count("「") == 3, n
        assert page.questions and all(f"<b>{q['id']}.</b>" in section for q in page.questions), n
        assert len(re.findall(r'<div class="write-lines( long)?"></div>', section)) == len(page.questions)
        assert "Exit ticket" in section and '<div class="write-lines short"></div>' in section
        for q in page.questions:  # each question's chart is the page's chart
            assert set(q["figures"]) <= {page.figure}, (q["id"], q["figures"], page.figure)
        if page.figure:
            assert f'src="figures/{page.figure}.png"' in section
            assert float(re.search(r'data-print-pt="([\d.]+)"', section).group(1)) >= MIN_PT


def test_claims_with_a_public_record_check_come_first_and_say_what_it_found():
    links = record.links()
    checked = set(links.claim_id)
    found = handout.record_found()
    for page in handout.handout_pages(NBS):
        if page.forecasts:
            continue
        thread_ids = {c for c in checked if c[0] == page.claims[0][0]}  # the thread's checked claims
        assert sum(c in checked for c in page.claims) == min(3, len(thread_ids)), page.number
        for c in page.claims:  # what the check found: the deciding link's explanation, word for word
            explanations = set(links[links.claim_id == c].explanation)
            assert any(html.escape(e) in found[c] for e in explanations), c


def test_the_forecasts_page_prints_criteria_and_keeps_the_verdicts_for_the_strip():
    text = handout.handout_html(NBS)
    page = next(p for p in handout.handout_pages(NBS) if p.forecasts)
    section = text.split(f'id="handout-{page.number}"')[1].split("</section>")[0]
    strip = text.split(f'id="handout-{page.number}-answers"')[1].split("</section>")[0]
    rows = predictions.load().set_index("prediction_id")
    for cid in page.claims:
        assert html.escape(rows.criterion[cid]) in section
        assert html.escape(rows.reasoning[cid]) not in section and html.escape(rows.reasoning[cid]) in strip
    assert not re.search(r'class="verdict (came_true|partly|did_not|too_early|unresolvable)"', section)
    assert strip.count('class="strip"') == handout.STRIPS_PER_PAGE


def test_printed_text_size_of_a_chart(tmp_path):
    svg = tmp_path / "x.svg"
    # 790 pt wide → at most 186 mm = 527.2 pt wide: scale 0.6674 (the 120-mm height allows 1.134);
    # 12-pt text prints at 12 × 0.6674 = 8.01 pt
    svg.write_text('<svg width="790pt" height="300pt"><text style="font-size: 12px">a</text>'
                   '<text style="font-size: 14px">b</text></svg>', encoding="utf-8")
    assert abs(handout.printed_text_pt(svg) - 8.01) < 0.01
    # a tall one is limited by height: 600 pt tall → 120 mm = 340.2 pt: scale 0.567 → 6.80 pt
    svg.write_text('<svg width="400pt" height="600pt"><text style="font-size: 12px">a</text></svg>', encoding="utf-8")
    assert abs(handout.printed_text_pt(svg) - 6.80) < 0.01


def test_handout_refuses_an_unknown_claim_or_question(monkeypatch):
    _with_meta(monkeypatch, "01", handout_claims=["C-nope-99"])
    with pytest.raises(Exception, match=r"01-compute-gaps.md: handout_claims names unknown claim.*C-nope-99"):
        handout.handout_html(NBS)
    _with_meta(monkeypatch, "01", handout_questions=[9])
    with pytest.raises(Exception, match=r"01-compute-gaps.md: baimo.handout_questions names question\(s\) \[9\]"):
        handout.handout_pages(NBS)


# ---------------------------------------------------------------- the lab on paper


def test_the_worksheet_shows_every_passage_open_and_no_answer():
    text = worksheet.worksheet_html()
    pas = lab_data.passages()
    ref = lab_data.reference()
    for p in pas.itertuples():
        assert html.escape(p.quote) in text and f'id="{p.passage_id}"' in text
        assert p.claim_id not in text  # a claim id leads to the coded row: the answer
    for reason in ref.reason:
        assert html.escape(reason) not in text
    fields = text.count("<tr><th>") - len(lab_data.LEVELS)  # the codebook table has a row per field
    assert fields == len(lab_data.worksheet_frame())  # one line per passage × field of worksheet.csv


# ---------------------------------------------------------------- slides


def test_a_charts_title_is_found_and_cut_from_the_slide(tmp_path):
    svg = ('<svg width="400pt" height="300pt" viewBox="0 0 400 300">'
           '<text style="font-size: 16px; fill: #222" transform="translate(10 20)">Finding &amp; more</text>'
           '<text style="font-size: 16px; fill: #222" transform="translate(10 38)">发现</text>'
           '<text style="font-size: 12px" x="5" y="100">axis</text><text style="font-size: 11px" x="5" y="290">source</text></svg>')
    assert slides.chart_parts(svg) == ("Finding & more 发现", 38 + 6.4, 11.0, 16.0)
    f = tmp_path / "01-x.svg"
    f.write_text(svg, encoding="utf-8")
    title, markup = slides.slide_svg(f, "01-x")
    assert title == "Finding & more 发现" and "Finding" not in markup and "axis" in markup
    assert 'viewBox="0 44.40 400.0 255.60"' in markup
    assert 'data-min="582"' in markup  # 16 px ÷ 11 px × 400: the width at which "source" is 16 px


def test_no_file_name_or_escaped_markup_leaks_onto_a_slide():
    rows, found = handout.handout_rows(), handout.record_found()
    for nb in kit.threads(NBS):
        text = slides.deck(nb, nb.ipynb, [paths.FIGURES], rows, found)
        shown = re.sub(r'<aside class="notes">.*?</aside>', "", text, flags=re.S)
        assert "publicrecord" not in text and "&amp;gt;" not in text and "&amp;lt;" not in text, nb.stem
        assert "Source" not in re.sub(r"<svg.*?</svg>", "", shown, flags=re.S), nb.stem  # captions go to the notes


# ---------------------------------------------------------------- the built kit (slow)


def _pdf_pages(path):
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextContainer

    out = []
    for page in extract_pages(str(path)):
        sizes, text = [], []
        for el in page:
            if isinstance(el, LTTextContainer):
                text.append(el.get_text())
                sizes += [ch.size for line in el for ch in line if isinstance(ch, LTChar) and ch.get_text().strip()]
        out.append((min(sizes) if sizes else 99.0, "".join(text)))
    return out


@pytest.mark.slow
@pytest.mark.xdist_group("site")
def test_the_build_prints_each_pdf_legibly_and_reproducibly(built_copy, tmp_path):
    """Every PDF the build makes: its page count, no text under 8 pt (read back from the PDF), the pages
    the plans print, and the same bytes when printed again from the same site."""
    from baimo.publish.classroom import pages

    site = built_copy / "_site"
    hp = handout.handout_pages(NBS)
    for doc in PRINTED:
        got = _pdf_pages(site / doc.pdf)
        smallest = min(s for s, _ in got)
        assert smallest >= MIN_PT - 0.05, f"{doc.pdf}: text at {smallest:.2f} pt"
        if doc.holds == "handout":
            assert len(got) == len(hp) + sum(p.forecasts for p in hp), doc.pdf
            for (_, text), page in zip(got, hp):
                assert "Exit ticket" in text and all(q["id"] in text for q in page.questions), page.number
            assert "Criterion" in got[len(hp) - 1][1] and "Answer strip" in got[-1][1]
        else:
            assert 1 <= len(got) <= doc.max_pages, doc.pdf
    text = "".join(t for _, t in _pdf_pages(site / "coding-lab-worksheet.pdf"))
    assert all(p in text for p in lab_data.passages().passage_id)
    again = tmp_path / "site"
    shutil.copytree(site, again)
    for doc in PRINTED:
        (again / doc.pdf).unlink()
    pages.print_all(NBS, again)
    for doc in PRINTED:
        assert (again / doc.pdf).read_bytes() == (site / doc.pdf).read_bytes(), doc.pdf


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.xdist_group("site")
def test_slides_on_a_1280x720_projector(built_copy):
    """Every slide of every deck in Chromium at 1280×720: no projected text under 16 px (chart text
    measured as drawn), a chart's slide titled with the chart's own finding, nothing of the notes on the
    screen; P opens the presenter view in a second window, which follows the projector."""
    from playwright.sync_api import sync_playwright

    site = built_copy / "_site"
    small, seen = [], 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium() or "/usr/bin/chromium", args=CHROMIUM_ARGS)
        ctx = browser.new_context(viewport={"width": 1280, "height": 720})
        page = ctx.new_page()
        for nb in kit.threads(NBS):
            page.goto((site / "slides" / f"{nb.stem}.html").as_uri() + "#1")
            page.evaluate("document.fonts.ready")
            n = page.evaluate("document.querySelectorAll('section.slide').length")
            for k in range(n):
                if k:
                    page.keyboard.press("ArrowRight")
                px, what = page.evaluate(SMALLEST_TEXT)
                seen += 1
                if px < 16 - 0.01:
                    small.append(f"{nb.stem} slide {k + 1}: {what!r} at {px:.1f} px")
        assert seen > 40 and not small, "\n".join(small)
        page.goto((site / "slides" / "01-compute-gaps.html").as_uri() + "#2")
        page.reload()
        finding = page.locator("section.slide.current h2.finding").inner_text()
        # the chart's own finding, bilingual, as the slide's title (not the notebook's topic)
        assert re.search(r"[A-Za-z]", finding) and re.search(r"[\u4e00-\u9fff]", finding), finding
        assert "Compute gaps" not in finding and "≈10×" in finding.replace("about ", "≈"), finding
        assert not page.locator("aside.notes").first.is_visible()
        with ctx.expect_page() as opened:
            page.keyboard.press("p")
        notes = opened.value
        notes.wait_for_load_state()
        assert "Source" in notes.locator(".presenter").inner_text()  # the caption, off the projected screen
        page.keyboard.press("ArrowRight")
        notes.wait_for_function("document.querySelector('.presenter .now').textContent.startsWith('Slide 3')", timeout=5000)
        browser.close()


#: The smallest text on the current slide, in CSS px as drawn (SVG text scaled by its transform), and its words.
SMALLEST_TEXT = """() => {
  const s = document.querySelector('section.slide.current');
  let min = 1e9, where = '';
  const walker = document.createTreeWalker(s, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const n = walker.currentNode;
    const el = n.parentElement;
    if (!n.textContent.trim() || el.closest('aside.notes') || el.closest('title')) continue;
    let px = parseFloat(getComputedStyle(el).fontSize);
    const t = el.closest('text');
    if (t) { const m = t.getScreenCTM(); px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); }
    if (px < min) { min = px; where = n.textContent.slice(0, 40); }
  }
  return [min, where];
}"""
