"""A learned last check on direct and mixed quotes: does this read like a statement PolNeAR would annotate?

The rules find quotes generously; some of what they find is no attribution (a title, a chant, a scare
quote near a speech verb, a headline). A binary logistic regression over a few dozen features of the
finished quote (its kind and length, how much of it is in marks, its cue, what kind of speaker it has,
where the cue stands, the word before its first mark, how much of it is in title case) gives each a
probability; quotes under the threshold are dropped. bench/train_quote_filter.py picks the threshold that
gives the best direct+mixed F1 out of fold, as long as it costs few real attributions their content.
Indirect quotes and quotes with no speaker are not touched.

Trained on PolNeAR train only (bench/train_quote_filter.py, over the rules' quotes with this filter and the
learned reported-speech model off); the weights live in data/quote_filter.json, read once. Inference is a
sum of a few dozen weights per quote.
"""
from __future__ import annotations

import importlib.util
import json
import math
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Protocol

from .quotemarks import DOUBLE_MARK
from .speech import lexicon

MODEL_PATH = "data/quote_filter.json"
_WORD = re.compile(r"\w+")
_QUOTED = re.compile(r"[“\"]([^“”\"]*)[”\"]")
_PRONOUNS = frozenset({"he", "she", "they", "i", "we", "you", "it"})
_RELATIVE = frozenset({"who", "that", "which"})
_EDGE = " .,“”\"'‘’"
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|we|We|my|My|our|Our|us|me)\b")
_STEM = re.compile(r"(?:ing|ed|es|s|d)$")


class QuoteLike(Protocol):
    text: str
    start: int
    end: int
    kind: str
    speaker_text: str | None
    cue: str | None
    cue_start: int | None
    parts: list[list[int]] | None


def _bucket(n: float, edges: tuple[float, ...]) -> int:
    return sum(n > e for e in edges)


def features(q: QuoteLike, text: str, speaker_kind: str | None) -> list[str]:
    """The features of one direct or mixed quote in its article's text (the record's text)."""
    words = _WORD.findall(q.text)
    n = len(words)
    inner = text[q.start:q.end]
    quoted = sum(len(_WORD.findall(m)) for m in _QUOTED.findall(inner))
    cue = (q.cue or "").lower().strip()
    cue_kind = "none" if not cue else ("punct" if not _WORD.search(cue) else "word")
    spk = (q.speaker_text or "").strip()
    spk_kind = "none" if not spk else ("pron" if spk.lower() in _PRONOUNS else
                                       "rel" if spk.lower() in _RELATIVE else speaker_kind or "unknown")
    where = "none" if q.cue_start is None else ("before" if q.cue_start < q.start else
                                                "after" if q.cue_start >= q.end else "inside")
    gap = 0 if q.cue_start is None else abs(q.cue_start - (q.start if where == "before" else q.end))
    stripped = q.text.strip(_EDGE)
    line_start = text.rfind("\n", 0, q.start) + 1
    line_end = text.find("\n", q.end)
    f = [f"kind={q.kind}", f"len={_bucket(n, (2, 4, 7, 12, 20, 40))}", f"cue={cue}", f"cuekind={cue_kind}",
         f"spk={spk_kind}", f"where={where}", f"gap={_bucket(gap, (3, 12, 40, 120))}",
         f"upper={stripped[:1].isupper()}", f"end={stripped[-1:] if stripped[-1:] in '.,?!' else 'w'}",
         f"parts={bool(q.parts)}", f"first_para={chr(10) not in text[:q.start].strip()}",
         f"marks={min(len(DOUBLE_MARK.findall(inner)), 3)}", f"spkwords={_bucket(len(spk.split()), (1, 3, 6))}",
         f"first={words[0].lower() if words else ''}", f"stem={_STEM.sub('', cue.split()[0]) if cue.split() else ''}",
         f"firstperson={bool(_FIRST_PERSON.search(q.text))}", f"spkcap={spk[:1].isupper()}",
         f"para_start={not text[line_start:q.start].strip(_EDGE)}",
         f"para_end={not text[q.end:len(text) if line_end < 0 else line_end].strip(_EDGE)}"]
    # what stands just before the first mark: 'on “...”', 'called “...”', 'so-called “...”' mark titles
    # and scare quotes; 'said “...”', a colon or a sentence start mark speech
    mark = q.start if q.kind == "direct" else next((m.start() for m in DOUBLE_MARK.finditer(inner)), 0) + q.start
    f.append(f"prev={_before(text, mark)}")
    f.append(f"cueclass={cue_class(q.cue)}")
    caps = [w for w in _WORD.findall(" ".join(_QUOTED.findall(inner)) if q.kind == "mixed" else q.text) if w.isalpha()]
    f.append(f"caps={_bucket(sum(w[0].isupper() for w in caps) / len(caps) if caps else 0.0, (0.2, 0.5, 0.8))}")
    if q.kind == "mixed":
        f.append(f"frac={_bucket(quoted / n if n else 0.0, (0.05, 0.25, 0.5, 0.8, 0.99))}")
    f += [f"{q.kind}|{x}" for x in f[1:]]
    f.append(f"{cue_kind}|{spk_kind}|{where}")
    return f


def cue_class(cue: str | None) -> str:
    """Which list of the speech lexicon the cue's first word is in: 'other' when it is no verb of speech,
    as when a fragment hangs on 'served' or 'stood'."""
    words = _WORD.findall((cue or "").lower())
    if not words:
        return "punct" if cue else "nocue"
    if words[0] == "according":
        return "according"
    lemma, lex = _verb_lemma(words[0]), lexicon()
    for name, known in (("speech", lex.speech), ("accuse", lex.accuse), ("naming", lex.naming),
                        ("cognition", lex.cognition), ("object", lex.objects)):
        if lemma in known:
            return name
    return "other"


@lru_cache(maxsize=4096)
def _verb_lemma(word: str) -> str:
    """The verb lemma the model's rule lemmatizer would give (its exception list, then its suffix rules
    checked against its index); the record keeps the cue's text only, and training reads records."""
    tables = _lemma_tables()
    if tables is None:
        return word
    exc, rules, index = tables
    if word in exc:
        return exc[word][0]
    forms = [word[:len(word) - len(old)] + new for old, new in rules if word.endswith(old)]
    return next((f for f in forms if f in index), word)


@lru_cache(maxsize=1)
def _lemma_tables() -> tuple[dict, list, set] | None:
    """The verb tables of the installed model's lemmatizer, read from its files (no pipeline is built)."""
    from spacy.lookups import Lookups

    from .nlp import resolve_model
    from .settings import Settings
    try:
        spec = importlib.util.find_spec(resolve_model(Settings()))
        folder = next(Path(spec.origin).parent.glob("*/lemmatizer/lookups"))
        lookups = Lookups().from_disk(folder)
    except Exception:  # no model files to read: cue classes fall back to the text itself
        return None
    return (dict(lookups.get_table("lemma_exc")["verb"]), list(lookups.get_table("lemma_rules")["verb"]),
            set(lookups.get_table("lemma_index")["verb"]))


def _before(text: str, i: int) -> str:
    """The lower-cased word just before offset i, past marks and spaces; '^' at a sentence or paragraph
    start, the mark itself after a colon or comma."""
    left = text[max(0, i - 40):i].rstrip(_EDGE.replace(".", "").replace(",", "") + "\n")
    if not left or left[-1] in ".!?\n":
        return "^"
    if left[-1] in ",:;—-":
        return left[-1]
    words = _WORD.findall(left[-25:])
    return words[-1].lower() if words else "^"


@lru_cache(maxsize=1)
def load() -> tuple[dict[str, float], float, float] | None:
    """(weights, bias, threshold); None when the model is missing."""
    try:
        data = json.loads(resources.files("newscoder").joinpath(MODEL_PATH).read_text("utf-8"))
    except FileNotFoundError:
        return None
    return data["weights"], float(data["bias"]), float(data["threshold"])


def probability(feats: list[str], model: tuple[dict[str, float], float, float]) -> float:
    weights, bias, _ = model
    z = bias + sum(weights.get(x, 0.0) for x in feats)
    return 1.0 / (1.0 + math.exp(-z))


def keep(q: QuoteLike, text: str, speaker_kind: str | None) -> bool:
    """Keep an indirect quote always; a direct or mixed one when the model finds it likely enough."""
    model = load()
    if model is None or q.kind not in ("direct", "mixed"):
        return True
    return probability(features(q, text, speaker_kind), model) >= model[2]
