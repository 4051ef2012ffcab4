"""Embedded social posts: bylines, links, and the spans repair() records for them."""
from __future__ import annotations

import pytest

from newscoder.embeds import Byline, Para, find_embeds, has_link, inline_byline, match_byline
from newscoder.repair import repair


@pytest.mark.parametrize("line, name, handle, date", [
    ("— Quay Watch (@quay_watch) October 27, 2023", "Quay Watch", "@quay_watch", "2023-10-27"),
    ("– Quay Watch (@quay_watch) Oct 27, 2023", "Quay Watch", "@quay_watch", "2023-10-27"),
    ("- Quay Watch (@quay_watch) 27 October 2023", "Quay Watch", "@quay_watch", "2023-10-27"),
    ("- Quay Watch (@quay_watch) on Twitter", "Quay Watch", "@quay_watch", None),
    ("— Doubt, the mother of all questions (@q_9) March 3, 2024", "Doubt, the mother of all questions", "@q_9",
     "2024-03-03"),
    ("— (@nameless) May 5, 2024", None, "@nameless", "2024-05-05"),
    ("— Quay Watch (@quay_watch)", "Quay Watch", "@quay_watch", None),
])
def test_bylines(line, name, handle, date):
    assert match_byline(line) == Byline(name, handle, date)


@pytest.mark.parametrize("line", [
    "— the officials said (@nowhere) a lot more here",
    "—— >> Follow Jane Sample (@jane_sample) on Twitter",
    "— Follow Jane Sample (@jane_sample) on X",
    "Quay Watch (@quay_watch) October 27, 2023",
    "- a list item",
    "— " + "x" * 400 + " (@long) May 5, 2024",
])
def test_not_bylines(line):
    assert match_byline(line) is None


@pytest.mark.parametrize("text, found", [
    ("see pic.twitter.com/Ab12Cd", True), ("https://t.co/Ab12", True),
    ("at https://twitter.com/someone/status/123", True), ("x.com/someone/status/99?s=20", True),
    ("visit mat.co/abc or fox.com/news", False), ("twitter.com/someone", False), ("", False),
])
def test_links(text, found):
    assert has_link(text) is found


def _paras(*texts: str) -> list[Para]:
    out, pos = [], 0
    for t in texts:
        out.append(Para(pos, pos + len(t), t, match_byline(t)))
        pos += len(t) + 1
    return out


def test_text_byline_then_linked_text_is_one_embed():
    p = _paras("Intro.", "Question asked here?", "— Asker (@asker) May 1, 2024", "Answer given… pic.twitter.com/Q1",
               "After.")
    [e] = find_embeds(p)
    assert (e.start, e.end, e.author, e.url, e.name) == (p[1].start, p[3].end, "@asker", "pic.twitter.com/Q1", "Asker")


def test_standard_layout_and_two_posts_in_a_row():
    p = _paras("Lead-in:", "First post pic.twitter.com/A1", "— One (@one) May 1, 2024",
               "Second post pic.twitter.com/B2", "— Two (@two) May 2, 2024", "After.")
    e1, e2 = find_embeds(p)
    assert (e1.start, e1.end, e1.author, e1.url) == (p[1].start, p[2].end, "@one", "pic.twitter.com/A1")
    assert (e2.start, e2.end, e2.author, e2.url) == (p[3].start, p[4].end, "@two", "pic.twitter.com/B2")


def test_long_paragraph_before_a_byline_is_not_the_post():
    p = _paras("x " * 400, "— One (@one) May 1, 2024", "After.")
    [e] = find_embeds(p)
    assert (e.start, e.end) == (p[1].start, p[1].end)


def test_link_without_byline_is_an_anonymous_embed():
    p = _paras("Intro.", "A post. https://t.co/Zz9", "Prose.", "Posted x.com/dock_news/status/12345 today.")
    e1, e2 = find_embeds(p)
    assert (e1.author, e1.date, e1.url, e1.start, e1.end) == (None, None, "https://t.co/Zz9", p[1].start, p[1].end)
    assert (e2.author, e2.url) == ("@dock_news", "x.com/dock_news/status/12345")


def test_status_url_preferred_over_picture_link():
    p = _paras("Look pic.twitter.com/P1 twitter.com/pier/status/777", "— Pier (@pier) May 1, 2024")
    assert find_embeds(p)[0].url == "twitter.com/pier/status/777"


def test_embeds_through_repair_with_exact_spans():
    raw = ("The port closed at noon.\n"
           "A dock worker wrote, “Nobody told us anything.”\n"
           "— Dock  Life (@dock_life) 4 June 2024\n"
           "The harbour master replied, “Notices went out at…  pic.twitter.com/Dk55Lf\n"
           "The port reopened the next day.\n")
    r = repair(raw)
    [e] = r.embeds
    assert r.text[e.start:e.end] == ("A dock worker wrote, “Nobody told us anything.”\n"
                                     "— Dock Life (@dock_life) 4 June 2024\n"
                                     "The harbour master replied, “Notices went out at… pic.twitter.com/Dk55Lf")
    assert (e.author, e.date, e.name, e.url) == ("@dock_life", "2024-06-04", "Dock Life", "pic.twitter.com/Dk55Lf")
    assert raw[r.raw_offset(e.start):r.raw_offset(e.start) + 20] == r.text[e.start:e.start + 20]
    assert r.published == "2024-06-04"
    assert r.text.endswith("The port reopened the next day.")


def test_inline_byline_ending_a_paragraph():
    text = "Lights out across the east side tonight. pic.twitter.com/Lt0ut— Grid Watch (@gridwatch) May 9, 2024"
    assert inline_byline(text) == Byline("Grid Watch", "@gridwatch", "2024-05-09")
    assert inline_byline("The mayor — a former judge — spoke (@ the hall).") is None
    assert inline_byline("— Grid Watch (@gridwatch) May 9, 2024") is None       # nothing before it


def test_paragraph_ending_in_its_own_byline_is_an_embed():
    p = _paras("Prose first.", "Lights out again. https://t.co/Ab1 — Grid Watch (@gridwatch) May 9, 2024", "After.")
    [e] = find_embeds(p)
    assert (e.start, e.end, e.author, e.date, e.url, e.name) == (
        p[1].start, p[1].end, "@gridwatch", "2024-05-09", "https://t.co/Ab1", "Grid Watch")


def test_byline_whose_dash_is_alone_on_the_line_before():
    raw = ("Prose first.\n\nThe bridge is shut. http://t.co/Br1dge\n\n— \n"
           "Bridge Desk (@bridge_desk) May 2, 2024\nAfter.")
    r = repair(raw)
    [e] = r.embeds
    assert r.text[e.start:e.end] == ("The bridge is shut. http://t.co/Br1dge\n\n"
                                     "— Bridge Desk (@bridge_desk) May 2, 2024")
    assert (e.author, e.date) == ("@bridge_desk", "2024-05-02")


def test_follow_plug_is_boilerplate_not_an_embed():
    r = repair("Text here.\n\n—— >> Follow Evan Example (@evan_example) on Twitter\n")
    assert r.text == "Text here." and r.embeds == []
    assert [(x.kind, x.text) for x in r.removed] == [
        ("boilerplate", "—— >> Follow Evan Example (@evan_example) on Twitter")]


def test_long_paragraph_ending_in_a_byline_spans_the_byline_only():
    tail = " — Grid Watch (@gridwatch) May 9, 2024"
    p = _paras("word " * 300 + "end." + tail)
    [e] = find_embeds(p)
    assert p[0].text[e.start:e.end] == tail.lstrip()
    assert e.end == p[0].end and e.author == "@gridwatch"
