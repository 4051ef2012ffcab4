"""Which language is this text in? A small, dependency-free identifier for routing, not linguistics.

The extraction stages are English-only; an article in another language must be flagged, not coded
(running an English parser over Spanish invents actors and events). Two cheap signals suffice:
the dominant Unicode script, and for Latin script the share of each language's function words.
The word lists live in data/stopwords.json so languages can be added without code changes.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from importlib import resources

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

# Script -> language where one script means (almost) one language in the news.
SCRIPT_LANG = {"CYRILLIC": "ru", "ARABIC": "ar", "HEBREW": "he", "GREEK": "el", "HANGUL": "ko",
               "HIRAGANA": "ja", "KATAKANA": "ja", "CJK": "zh", "DEVANAGARI": "hi", "THAI": "th",
               "BENGALI": "bn", "ARMENIAN": "hy", "GEORGIAN": "ka", "TAMIL": "ta"}
# Letters that tell a language apart from its script's default.
MARKERS = {"uk": set("іїєґІЇЄҐ"), "fa": set("پچژگ"), "ur": set("ٹڈڑںے")}
SAMPLE_CHARS = 20_000  # the first part of a text decides; articles do not switch language midway


@lru_cache(maxsize=1)
def stopwords() -> dict[str, frozenset[str]]:
    data = json.loads(resources.files("newscoder").joinpath("data/stopwords.json").read_text("utf-8"))
    return {lang: frozenset(words) for lang, words in data.items()}


def _script(ch: str) -> str | None:
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return None
    first = name.split(" ", 1)[0]
    if first == "CJK":
        return "CJK"
    return first if first in SCRIPT_LANG or first == "LATIN" else None


_LETTERS = re.compile(r"[^\W\d_]+")   # runs of letters: counted by their lengths, not one match per letter
_NON_ASCII_LETTER = re.compile(r"[^\W\d_a-zA-Z]")


def _dominant_script(text: str) -> tuple[str | None, float]:
    letters = sum(map(len, _LETTERS.findall(text)))
    if not letters:
        return None, 0.0
    counts: dict[str, int] = {"LATIN": letters}
    for ch in _NON_ASCII_LETTER.findall(text):  # only the non-ASCII letters need a name look-up
        s = _script(ch)
        if s != "LATIN":
            counts["LATIN"] -= 1
            if s:
                counts[s] = counts.get(s, 0) + 1
    best = max(counts, key=counts.get)
    return best, counts[best] / letters


def english_share(text: str) -> float:
    """Share of English among the function-word hits of all known Latin-script languages."""
    scores = _latin_scores(text[:SAMPLE_CHARS])
    total = sum(scores.values())
    return scores.get("en", 0) / total if total else 0.0


def _latin_scores(text: str) -> dict[str, int]:
    # each distinct word once per language, with its count: a text's words repeat a great deal
    counts = Counter(w.lower() for w in WORD.findall(text))
    return {lang: sum(counts[w] for w in sw.intersection(counts)) for lang, sw in stopwords().items()}


def detect(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text to tell."""
    sample = text[:SAMPLE_CHARS]
    script, share = _dominant_script(sample)
    if script is None:
        return None
    if script != "LATIN" and share >= 0.5:
        lang = SCRIPT_LANG[script]
        for code, letters in MARKERS.items():
            if any(ch in letters for ch in sample):
                return code
        if script == "CJK" and re.search(r"[\u3040-\u30ff]", sample):
            return "ja"
        return lang
    scores = _latin_scores(sample)
    best = max(scores, key=scores.get)
    # Fewer than 3 function words (a headline, a list of names) is too little to overrule English.
    if scores[best] < 3:
        return "en" if script == "LATIN" else None
    return best
