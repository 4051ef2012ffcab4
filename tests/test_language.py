import pytest

from newscoder.language import detect

CASES = [
    ("The minister said on Tuesday that the talks with the unions would resume next week.", "en"),
    ("El ministro dijo el martes que las conversaciones con los sindicatos se reanudarán.", "es"),
    ("Le ministre a déclaré mardi que les discussions avec les syndicats reprendraient.", "fr"),
    ("Der Minister sagte am Dienstag, dass die Gespräche mit den Gewerkschaften weitergehen.", "de"),
    ("O ministro disse na terça-feira que as negociações com os sindicatos serão retomadas.", "pt"),
    ("Министр заявил во вторник, что переговоры возобновятся.", "ru"),
    ("Міністр заявив у вівторок, що переговори відновляться.", "uk"),
    ("قال الوزير يوم الثلاثاء إن المحادثات ستستأنف", "ar"),
    ("外交部发言人周二表示谈判将恢复", "zh"),
]


@pytest.mark.parametrize("text,lang", CASES)
def test_detects_language(text, lang):
    assert detect(text) == lang


@pytest.mark.parametrize("text", ["", "   ", "12345 678", "!!!"])
def test_no_letters_is_undetermined(text):
    assert detect(text) is None


def test_short_latin_text_defaults_to_english():
    assert detect("Reuters") == "en"
    assert detect("Angela Merkel, Emmanuel Macron") == "en"


def test_english_with_foreign_names_stays_english():
    text = ("Officials from the Comisión Nacional met with the Bundesrat delegation in Madrid on Monday, "
            "and they said that the talks had been useful for both of their governments.")
    assert detect(text) == "en"
