"""Amounts as the news writes them, found in plain text: "7,000", "1.5 million", "three", "twenty-five",
"two hundred and fifty", "a dozen", "dozens", "hundreds of thousands", "between 20 and 30", "20-30",
"two or three", "more than 100", "at least 34", "nearly 50", "some 200", "20 or more".

Each amount has a value (an int) and a qualifier of the contract (exact, over, under, about, at_least,
up_to). Conventions, all in data/figures.json:

- a range ("between 20 and 30", "20 to 30", "20-30", "two or three") is its lower bound, at_least;
- a vague amount is the smallest amount the phrase names, at_least: "dozens" 12 and "several" 3 (the
  ACLED codebook's convention), "hundreds" 100, "thousands" 1000, "hundreds of thousands" 100000 (the
  contract's own example); "a dozen" is 12 and "a couple of" 2, about;
- "nearly"/"almost"/"close to" say the true count is a little below the number: under.

This module knows nothing of what is counted: `figures` decides that from the parse. The patterns are
compiled once, at import.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources

DATA = json.loads(resources.files("newscoder").joinpath("data/figures.json").read_text(encoding="utf-8"))

UNITS: dict[str, int] = DATA["units"]
SCALES: dict[str, int] = DATA["scales"]
VAGUE: dict[str, tuple[int, str]] = {k: (v[0], v[1]) for k, v in DATA["vague"].items()}
QUALIFIERS: dict[str, str] = DATA["qualifiers"]


@dataclass(frozen=True)
class Amount:
    start: int          # the whole phrase, qualifier included (character offsets in the text searched)
    end: int
    num_start: int      # the number itself, without the qualifier
    value: int
    qualifier: str
    vague: bool = False  # "dozens", "several": no exact count was given


def _alt(words) -> str:
    """A regex alternation, longest first, each word with flexible inner spaces."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_UNIT = _alt(w for w, v in UNITS.items() if v < 20)
_TENS = _alt(w for w, v in UNITS.items() if v >= 20)
_SMALL = rf"(?:(?:{_TENS})(?:\s*-\s*|\s+)(?:{_UNIT})\b|(?:{_TENS})|(?:{_UNIT}))"
_HUNDREDS = rf"(?:(?:{_SMALL}|an?)\s+hundred(?:\s+(?:and\s+)?{_SMALL})?|{_SMALL})"
_BIG = "thousand|million|billion"
_WORDS = rf"(?:(?:{_HUNDREDS}|an?)\s+(?:{_BIG})(?:,?\s+(?:and\s+)?{_HUNDREDS})?|{_HUNDREDS})"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_CARD = rf"(?:{_DIGITS}(?:\s+(?:hundred|{_BIG}))?|{_WORDS})(?:\s+dozen)?"
_VAGUE = _alt(VAGUE)
_QUAL = _alt(q for q in QUALIFIERS if q != "or so")

_LEFT = r"(?<![\w$€£¥#./@-])(?<!\d[.,])"
_RIGHT = r"(?![\w%‰]|[.,]\d|\s*-\s*[a-z])"
PATTERN = re.compile(
    rf"{_LEFT}(?:(?P<qual>{_QUAL})\s+)?"
    rf"(?:(?P<between>between)\s+(?P<lo>{_CARD})\s+and\s+(?P<hi>{_CARD})"
    rf"|(?P<lo2>{_CARD})\s*(?:-|–|—|\bto\b|\bor\b)\s*(?P<hi2>{_CARD})"
    rf"|(?P<vague>{_VAGUE})"
    rf"|(?P<card>{_CARD}))"
    rf"(?P<suffix>\s+or\s+(?:more|so)\b|\s*-\s*plus\b|\+)?{_RIGHT}",
    re.I)
_LABEL_BEFORE = re.compile(r"(?:^|[\s(])(?:" + _alt(DATA["label_words"]) + r")\s*[-.:#]?\s*$", re.I)
_UNIT_AFTER = re.compile(r"^\s*-?\s*(?:" + _alt(DATA["after_words"]) + r")(?!\w)", re.I)
_CURRENCY_BEFORE = re.compile(r"(?:[$€£¥₹]|\b(?:US|USD|EUR|GBP|Rs|R|N|KSh|Sh)\.?\s*)$")
_AGE_AFTER = re.compile(r"^\s*-?\s*(?:years?|yrs?)[\s-]*(?:old|of age)", re.I)
_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
           r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_MONTH_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s*(?:of\s+)?{_MONTHS}\b")
_MONTH_BEFORE = re.compile(rf"\b{_MONTHS}\.?\s*$")
_FROM = re.compile(r"(?<!rang)(?<!range)(?<!ranges)(?<!ranged)(?<!ranging)\s+from\s+$", re.I)
_SPLIT = re.compile(r"[\s,-]+")


def parse(phrase: str) -> int | None:
    """The integer a single number phrase names ("7,000", "1.5 million", "two hundred and fifty",
    "two dozen"); None when it names none (a decimal fraction, an unknown word)."""
    s = phrase.strip().lower()
    m = re.fullmatch(rf"({_DIGITS})(?:\s+(hundred|{_BIG}))?(?:\s+(dozen))?", s)
    if m:
        number = float(m.group(1).replace(",", ""))
        for scale in (m.group(2), m.group(3)):
            if scale:
                number *= SCALES[scale]
        return int(number) if number == int(number) else None
    total = current = 0
    seen = False
    for w in _SPLIT.split(s):
        if w in ("and", ""):
            continue
        if w in ("a", "an"):
            current = current or 1
        elif w in UNITS:
            current += UNITS[w]
        elif w in ("hundred", "dozen"):
            current = (current or 1) * SCALES[w]
        elif w in SCALES:
            total += (current or 1) * SCALES[w]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


# An amount starts a word, with a digit or one of these words. Trying PATTERN only there gives exactly
# PATTERN.finditer's matches at a tenth of the cost: the big alternation is not tried at every word.
STARTERS = frozenset(phrase.split()[0].rstrip(".").lower() for phrase in
                     [*UNITS, *SCALES, *VAGUE, *QUALIFIERS, "between", "a", "an"])
_WORD = re.compile(r"\b\w+")
# What must follow a start for PATTERN to match there: "between", a digit, a number word, "a"/"an" before
# a scale, or a vague amount, each perhaps after a qualifier. Most starts are "a", "in", "at", "some" ...
# before an ordinary word: this check fails them at a fraction of the cost of PATTERN failing.
_MAY_MATCH = re.compile(rf"(?:(?:{_QUAL})\s+)?(?:between\s|\d|{_UNIT}|{_TENS}|an?\s+(?:hundred|{_BIG})|{_VAGUE})",
                        re.I)


def find(text: str) -> list[Amount]:
    """Every amount in `text`, in order."""
    out = []
    end = 0
    for w in _WORD.finditer(text):
        start = w.start()
        if start < end or not (w.group()[0].isdigit() or w.group().lower() in STARTERS):
            continue
        m = PATTERN.match(text, start) if _MAY_MATCH.match(text, start) else None
        if m is None:
            continue
        end = m.end()
        amount = _amount(m, text)
        if amount is not None:
            out.append(amount)
    return out


def find_slowly(text: str) -> list[Amount]:
    """The same as `find`, the plain way (kept for the test that they agree)."""
    return [a for a in (_amount(m, text) for m in PATTERN.finditer(text)) if a is not None]


def _amount(m: re.Match, text: str) -> Amount | None:
    qual = m.group("qual")
    qualifier = QUALIFIERS[" ".join(qual.lower().split())] if qual else "exact"
    vague = False
    if m.group("between") or m.group("lo2"):
        lo, hi = (m.group("lo"), m.group("hi")) if m.group("between") else (m.group("lo2"), m.group("hi2"))
        if _FROM.search(text[:m.start()]) and not m.group("between"):
            # "rose from 20 to 30": not a range, the later number is the news
            v = parse(hi)
            s = m.start("hi2")
            return None if v is None else Amount(s, m.end("hi2"), s, v, "exact")
        low, high = parse(lo), parse(hi)
        if low is None or high is None or high <= low:
            # "twenty-five" reads as a range of 20 to 5: it is one number
            whole = m.group("lo2") and parse(text[m.start("lo2"):m.end("hi2")])
            if not whole:
                return None
            return Amount(m.start(), m.end("hi2"), m.start("lo2"), whole, qualifier)
        value = low
        qualifier = qualifier if qual else "at_least"
        num_start = m.start("between") if m.group("between") else m.start("lo2")
    elif m.group("vague"):
        value, q = VAGUE[" ".join(m.group("vague").lower().split())]
        qualifier = qualifier if qual else q
        vague = True
        num_start = m.start("vague")
    else:
        value = parse(m.group("card"))
        if value is None:
            return None
        num_start = m.start("card")
    suffix = (m.group("suffix") or "").strip().lower()
    if suffix and qualifier == "exact":
        qualifier = "about" if suffix.endswith("so") else "over" if "plus" in suffix or suffix == "+" \
            else "at_least"
    return Amount(m.start(), m.end(), num_start, value, qualifier, vague)


def not_a_count(text: str, amount: Amount) -> bool:
    """What the words around an amount show it is not a count of anything: a label ("Resolution 2334",
    "Flight 17"), a measure ("5 km", "40 percent", "10 years"), money ("$3 million"), an age ("45 years
    old"), a day of a month ("8 May", "Oct. 7")."""
    before, after = text[max(0, amount.start - 24):amount.start], text[amount.end:amount.end + 24]
    return bool(_LABEL_BEFORE.search(before) or _CURRENCY_BEFORE.search(before) or _MONTH_BEFORE.search(before)
                or _UNIT_AFTER.match(after) or _AGE_AFTER.match(after) or _MONTH_AFTER.match(after))
