"""The web UI in a real browser: Debian's chromium driven by Playwright (never Playwright's own download).

The app runs with uvicorn in a thread on a free localhost port, over a small corpus ingested from the
project's own articles (test_web_api.corpus_db). Checked: an article pasted into the Analyze page shows its
quotes highlighted by speaker with the speaker's name on hover (the seed: Vladimir Putin; without ../shared,
examples/02); a side-panel entry finds its span; overlapping and nested spans and non-BMP characters draw
the text exactly once; markup in an article renders as text and never runs; the corpus page draws the
timeline, the network and the map; a table row opens its article with the evidence highlighted; and no
page asks for anything outside the server. Skips, with the reason, when chromium or Playwright is missing.
"""
from __future__ import annotations

import json
import warnings
from collections import Counter

import pytest
from conftest import EXAMPLES, SEED
from test_web_api import XSS_ARTICLE, corpus_db

from newscoder.settings import Settings
from newscoder.web import create_app
from newscoder.web.harness import browser_context, serving, why_no_browser

REASON = why_no_browser()
pytestmark = [pytest.mark.skipif(REASON is not None, reason=REASON or ""),
              pytest.mark.filterwarnings("ignore::DeprecationWarning")]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(base URL, browser context, list of requests made to other origins, page errors)."""
    db = corpus_db(tmp_path_factory)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        app = create_app(Settings(), db)
    profile = tmp_path_factory.mktemp("chromium-profile")
    with serving(app) as base, browser_context(str(profile)) as ctx:
        foreign: list[str] = []
        errors: list[str] = []

        def on_request(request):
            if not (request.url.startswith(base + "/") or request.url.startswith(("data:", "blob:"))):
                foreign.append(request.url)

        ctx.on("request", on_request)
        yield base, ctx, foreign, errors
        assert foreign == [], f"pages asked for other origins: {foreign}"


def new_page(ctx, errors):
    page = ctx.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page


def analyze(page, base: str, text: str, published: str | None = None) -> None:
    page.goto(base + "/")
    page.fill("#text", text)
    if published:
        page.fill("#published", published)
    page.click("#go")
    page.wait_for_selector("#result:not([hidden]) #article p", timeout=60_000)


def test_analyze_page_highlights_quotes_by_speaker(site):
    base, ctx, _, errors = site
    text = (SEED if SEED.exists() else EXAMPLES / "02_border_clash.txt").read_text(encoding="utf-8")
    page = new_page(ctx, errors)
    analyze(page, base, text)
    record = json.loads(page.text_content("#json"))
    names = {a["id"]: a["name"] for a in record["actors"]}
    said = Counter(names[q["speaker"]] for q in record["quotes"] if q["speaker"])
    assert said, "the record has no attributed quote"
    # the seed: Putin's quotes; an example: whoever the pipeline credits with the most quotes
    speaker = "Vladimir Putin" if SEED.exists() else said.most_common(1)[0][0]
    titles = page.eval_on_selector_all(".seg.q[title]", "els => els.map(e => e.getAttribute('title'))")
    theirs = [t for t in titles if f"Quote by {speaker}" in t]
    assert theirs, f"no quote segment names {speaker} on hover: {titles[:5]}"
    for i, q in enumerate(record["quotes"]):   # every quote names its resolved speaker on hover
        if q["speaker"] and q["end"] > q["start"]:
            title = page.get_attribute(f"[data-i~='q-{i}']", "title")
            assert f"Quote by {names[q['speaker']]} ({q['kind']})" in title
    # all of one speaker's quotes share a colour class
    classes = page.eval_on_selector_all(
        ".seg.q[title]", f"els => els.filter(e => e.title.includes('Quote by {speaker}')).map(e => "
                         "[...e.classList].find(c => c.startsWith('spk-')))")
    assert len(set(classes)) == 1 and classes[0] != "spk-x"
    # the text is drawn exactly once, whatever overlaps
    drawn = page.evaluate("() => [...document.querySelectorAll('#article p')].map(p => p.textContent).join('\\n')")
    assert drawn.replace("\n", "") == record["text"].replace("\n", "")
    # a side-panel entry scrolls to and highlights its span
    key = next(f"q-{i}" for i, q in enumerate(record["quotes"]) if q["speaker"] and
               next(a["name"] for a in record["actors"] if a["id"] == q["speaker"]) == speaker)
    page.click(f".panels a.item[data-key='{key}']")
    page.wait_for_selector(f"[data-i~='{key}'].flash")
    assert page.evaluate("location.hash") == f"#{key}"
    event = page.get_attribute(".seg.ev[title]", "title")
    assert " → " in event and "data-badge" in page.inner_html("#article")
    # a file loaded from disk fills the text box and takes its name as the id
    page.set_input_files("#file", str(EXAMPLES / "01_flood_aid.txt"))
    page.wait_for_function("() => document.getElementById('text').value.length > 100")
    assert page.input_value("#doc-id") == "01_flood_aid.txt"
    page.click("#go")
    page.wait_for_function("() => document.getElementById('record-head').textContent.includes('01_flood_aid.txt')")
    assert page.eval_on_selector_all(".seg.q", "els => els.length") > 0
    assert not errors, errors


def test_overlapping_spans_and_astral_characters(site):
    """A hand-made record: a figure inside a quote in two parts, an event inside both, a mention across
    the quote's edge, a zero-length embed, emoji before the spans (UTF-16 vs code-point offsets), a bad span."""
    base, ctx, _, errors = site
    page = new_page(ctx, errors)
    page.goto(base + "/")
    text = "🙂🙂 Anna said: “Five people were killed,” she said. “We accuse Ruritania.”\nNext line."

    def at(s: str) -> int:   # a code-point offset, as Python (and the record) counts
        return len(list(text[:text.index(s)]))

    q1, q2 = at("Five"), at("We accuse Ruritania.") + len("We accuse Ruritania.")
    record = {
        "id": "t", "text": text,
        "actors": [{"id": "A1", "name": "Anna Example", "kind": "person", "mentions": [[at("Anna"), at("Anna") + 4]]},
                   {"id": "A2", "name": "Ruritania", "kind": "state", "mentions": [[at("Ruritania"), q2 + 1]]}],
        "quotes": [{"text": "Five people were killed, We accuse Ruritania.", "start": q1, "end": q2, "kind": "direct",
                    "speaker": "A1", "parts": [[q1, at("killed") + 6], [at("We accuse"), q2]]}],
        "events": [{"type": "ASSAULT", "quad_class": 4, "source": [], "target": [], "trigger": "killed",
                    "start": at("killed"), "end": at("killed") + 6},
                   {"type": "ACCUSE", "quad_class": 3, "source": ["A1"], "target": ["A2"], "trigger": "accuse",
                    "start": at("accuse"), "end": at("accuse") + 6},
                   {"type": "REJECT", "start": 500, "end": 400, "source": [], "target": []}],
        "figures": [{"kind": "killed", "value": 5, "qualifier": "exact", "victims": "people", "text": "Five people were killed",
                     "start": q1, "end": at("killed") + 6}],
        "embeds": [{"kind": "social_post", "start": at("Next"), "end": at("Next"), "author": "@x"}],
    }
    out = page.evaluate("""rec => {
        const box = document.createElement('div'), side = document.createElement('aside');
        window.Newscoder.render(rec, {article: box, panels: side});
        const seg = s => [...box.querySelectorAll('.seg')].filter(e => e.textContent === s).map(e => ({cls: e.className, title: e.title, i: e.dataset.i}));
        return {text: [...box.querySelectorAll('p')].map(p => p.textContent).join('\\n'),
                killed: seg('killed'), accuse: seg('accuse'), edge: seg('”'),
                quoted: [...box.querySelectorAll('[data-i~="q-0"]')].map(e => e.textContent).join('|'),
                anchors: [...box.querySelectorAll('.anchor')].map(a => a.id), panel: side.textContent};
    }""", record)
    assert out["text"] == text
    killed = out["killed"][0]
    assert {"q", "ev", "fig", "spk-0"} <= set(killed["cls"].split()) and set(killed["i"].split()) == {"q-0", "e-0", "f-0"}
    assert "Quote by Anna Example" in killed["title"] and "ASSAULT" in killed["title"] and "killed: 5 people" in killed["title"]
    assert "Anna Example → ACCUSE → Ruritania" in out["accuse"][0]["title"]
    assert out["quoted"] == "Five people were |killed|We |accuse| |Ruritania."   # the parts only, cut at inner spans
    assert any(e["i"] == "a-1" for e in out["edge"])                    # the mention runs past the quote's end
    assert {"q-0", "e-0", "e-1", "f-0", "a-0", "a-1", "b-0"} <= set(out["anchors"]) and "e-2" not in out["anchors"]
    assert "Anna Example" in out["panel"] and "Ruritania" in out["panel"]
    assert not errors, errors


def test_markup_in_an_article_never_runs(site):
    base, ctx, _, errors = site
    page = new_page(ctx, errors)
    analyze(page, base, XSS_ARTICLE["text"] + "\n<iframe src=\"javascript:window.__pwned=4\"></iframe>", "2024-06-26")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    text = page.text_content("#article")
    assert "<script>window.__pwned=1</script>" in text and '<img src=x onerror="window.__pwned=2">' in text
    assert page.eval_on_selector_all("#article img, #article script, #article iframe", "els => els.length") == 0
    # hostile strings in every field a record can carry, drawn by the same code as the pages
    bad = "<img src=x onerror=\"window.__pwned=5\"><script>window.__pwned=6</script>"
    page.evaluate("""bad => window.Newscoder.render({id: bad, title: bad, text: bad + ' said ' + bad, url: 'javascript:window.__pwned=7',
        outlet: bad, credits: [bad], flags: [bad], error: null, published: bad, removed: [{kind: bad, text: bad}],
        actors: [{id: 'A1', name: bad, kind: bad, code: bad, mentions: [[0, 5]]}],
        quotes: [{text: bad, start: 0, end: 10, kind: bad, speaker: 'A1', speaker_text: bad, cue: bad, via: bad}],
        events: [{type: bad, mode: bad, cameo: bad, source: ['A1'], target: [bad], trigger: bad, date: bad,
                  location: {name: bad, country: bad}, start: 2, end: 8, claimed_by: bad}],
        figures: [{kind: bad, value: bad, qualifier: bad, victims: bad, text: bad, start: 1, end: 4, according_to: bad,
                   location: {name: bad}}],
        embeds: [{kind: bad, author: bad, name: bad, date: bad, url: bad, start: 0, end: 3}],
        story: [{key: bad, id: bad, title: bad}]},
        {head: document.getElementById('record-head'), article: document.getElementById('article'),
         panels: document.getElementById('panels')})""", bad)
    page.click(".panels a.item[data-key='q-0']")
    page.wait_for_timeout(100)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.eval_on_selector_all("main img, main script:not([src]), main iframe, a[href^='javascript']",
                                     "els => els.length") == 0
    # the stored article, its row in a table, and its title
    page.goto(base + "/quotes?text=hacked+ministry")
    assert "<script>window.__pwned=1</script>" in page.text_content("table.data")
    page.click("table.data tbody tr:first-child td:last-child a")
    page.wait_for_selector("#article p")
    assert '<img src=x onerror="window.__pwned=3">' in page.text_content("h1")
    assert "<script>window.__pwned=1</script>" in page.text_content("#article")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert not errors, errors


def test_corpus_page_draws_timeline_network_and_map(site):
    base, ctx, _, errors = site
    page = new_page(ctx, errors)
    page.goto(base + "/corpus")
    page.wait_for_selector("body[data-drawn='1']", timeout=20_000)
    assert page.eval_on_selector_all("#timeline svg g.bar rect", "els => els.length") >= 3
    assert page.eval_on_selector_all("#heatmap svg rect", "els => els.length") >= 3
    nodes = page.eval_on_selector_all("#network svg .node text", "els => els.map(e => e.textContent)")
    assert {"Kyrgyzstan", "Tajikistan"} <= set(nodes)
    edges = page.eval_on_selector_all("#network svg path.edge title", "els => els.map(e => e.textContent)")
    assert any(t.startswith("Kyrgyzstan → Tajikistan: ") and "ACCUSE" in t for t in edges)
    places = page.eval_on_selector_all("#map svg circle.place title", "els => els.map(e => e.textContent)")
    assert any(t.startswith("Nairobi") for t in places)
    assert page.eval_on_selector("#map svg path.land", "p => p.getAttribute('d').split('M').length") > 1000
    # one type only: the network redraws
    page.select_option("#network-type", "CONSULT")
    page.wait_for_function("() => { const t = [...document.querySelectorAll('#network svg path.edge title')];"
                           " return t.length > 0 && t.every(x => x.textContent.includes('CONSULT')); }")
    # an actor opens its events
    page.click("#network svg a:has(text:text-is('Pavel Exampleov'))")
    page.wait_for_url("**/events?actor=Pavel*")
    assert page.eval_on_selector_all("table.data tbody tr", "els => els.length") >= 1
    assert not errors, errors


def test_a_table_row_opens_its_evidence(site):
    base, ctx, _, errors = site
    page = new_page(ctx, errors)
    page.goto(base + "/events?actor=Kyrgyzstan&type=ACCUSE")
    href = page.get_attribute("table.data tbody tr:first-child td:last-child a", "href")
    assert "/article/" in href and "#e-" in href
    trigger = page.text_content("table.data tbody tr:first-child td.context .hit")
    page.click("table.data tbody tr:first-child td:last-child a")
    key = href.split("#")[1]
    page.wait_for_selector(f"[data-i~='{key}'].flash")
    assert page.evaluate(f"""() => {{ const r = document.querySelector("[data-i~='{key}']").getBoundingClientRect();
                                   return r.top >= 0 && r.bottom <= innerHeight; }}""")
    assert page.text_content(f"[data-i~='{key}'].ev") == trigger
    assert not errors, errors
