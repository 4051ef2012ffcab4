"""The gazetteer's lookup key and its town index."""
from __future__ import annotations

import unicodedata

from newscoder import gazetteer


def _slow_key(text: str) -> str:
    """The key as first written: one character at a time (the translate table must agree with it)."""
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = gazetteer._MARKS.sub("", gazetteer._EDGE_APOSTROPHES.sub("", text))
    return gazetteer._SPACES.sub(" ", text.replace("’", "'").replace("‘", "'")).strip().casefold()


def test_key_folds_case_accents_and_apostrophes():
    assert gazetteer.key("São Vicente") == gazetteer.key("Sao Vicente") == "sao vicente"
    assert gazetteer.key("Sāmarrā’") == "samarra"
    assert gazetteer.key("Dar'a") == "dar'a"
    assert gazetteer.key("  Tel   Aviv ") == "tel aviv"
    for name in ["Ḩalab", "Zürich", "Đà Nẵng", "Kraków", "İstanbul", "Москва", "Ciudad Juárez", "ʿAdan",
                 "Hà Nội", "Qal‘at Bīshah", "Straße", "Ærøskøbing"]:
        assert gazetteer.key(name) == _slow_key(name), name


def test_alternate_names_take_the_short_key_only_where_it_is_the_key():
    index = gazetteer.cities()
    seen = 0
    for row in index.rows[:20000]:
        for a in gazetteer._ALT_RX.findall(row[5]):
            if "'" not in a and "  " not in a:
                assert a.strip().lower() == gazetteer.key(a), a
                seen += 1
    assert seen > 1000


def test_find_by_main_and_alternate_names():
    index = gazetteer.cities()
    assert any(r[3] == "UA" for r in index.find("Kharkiv"))
    assert index.find("Nowhereville Qx") == []
    assert index.find("Idleb", alternates=True)          # Idlib under another spelling
