import pytest

from newscoder.errors import InputError
from newscoder.htmltext import extract, looks_like_html

PAGE = """<!DOCTYPE html><html><head><title>Port strike ends</title>
<meta property="og:site_name" content="Example Daily"><meta name="date" content="2024-05-23"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Port strike ends</h1>
<p>Dock workers in the northern port returned to work on Thursday after a two-day strike over pay, the union said.</p>
<p>The employers' group said it had agreed to a new round of talks next month, and that no ships had been diverted.</p>
<p>Officials said traffic through the port was expected to be back to normal by the weekend.</p>
</article><footer>Copyright Example Daily</footer></body></html>"""


def test_full_page_is_html():
    assert looks_like_html(PAGE)


def test_prose_with_a_stray_tag_is_not_html():
    assert not looks_like_html("The minister said <b>no</b> to the plan. " * 20)
    assert not looks_like_html("Profits rose 5% as costs < revenue and 3 > 2.")


def test_tag_soup_without_doctype_is_html():
    assert looks_like_html("<div><p>One.</p><p>Two.</p><p>Three.</p><p>Four.</p><p>Five.</p></div>")


def test_extract_text_and_metadata():
    page = extract(PAGE)
    assert "Dock workers in the northern port returned to work" in page.text
    assert "Home" not in page.text.split("\n")
    assert page.title == "Port strike ends"
    assert page.published == "2024-05-23"


@pytest.mark.parametrize("html", ["", "<html></html>", "<html><body><script>alert(1)</script></body></html>"])
def test_no_text_raises_input_error(html):
    with pytest.raises(InputError):
        extract(html)
