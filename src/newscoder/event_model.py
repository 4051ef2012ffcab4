"""A learned event-type classifier for triggers: which PLOVER type a trigger word reports, from its context.

The rules (triggers.tsv) pick a row by hand-written conditions; where a word's rows allow several types
and the rule falls back to a row without conditions ("strike": an air strike unless a condition says a
labour one; "protested": a demonstration unless the subject is a government), the classifier reads the
context and may pick the lexicon's other type ("teachers went on strike" PROTEST, "the minister protested
the decision" ACCUSE). It also gives each event's `confidence` a learned part.

The model is multinomial logistic regression over hashed features (the trigger lemma; its dependants,
head, subject and object; the sentence's content lemmas, alone and joined with the trigger lemma), trained
by `make train` (bench/train_events.py) and shipped as data/events/type_model.npz: int8 weights with one
scale per type, read once. Inference is numpy only: a sum of a few dozen weight rows per trigger.
"""
from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from spacy.tokens import Token

from .doccache import sentence
from .event_args import ArgFinder, row_matches
from .event_lexicon import Lexicon, Row, load as load_lexicon, quad_class

MODEL_PATH = "data/events/type_model.npz"
DIM_BITS = 14
SWITCH = 0.7                       # the restricted probability at which a fallback row's type gives way
# conditions the classifier may overrule: who acts (the actor kinds come from a dictionary that misses
# many: "gunmen", "dockworkers") and the word's modifiers or governing verb; the others (what is acted
# on, a particle, a preposition, a clause) must hold for the row it picks ("expelled [diplomats]")
_SENSE_CONDS = frozenset({"official", "civil", "government", "subj", "mod", "gov"})
_CONTENT = frozenset({"NOUN", "VERB", "ADJ", "PROPN"})
_ARG_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "agent", "dative", "compound", "amod", "prt"})


@dataclass(frozen=True)
class Model:
    types: tuple[str, ...]
    weights: np.ndarray            # (2**bits, len(types)) float32
    bias: np.ndarray               # (len(types),)
    bits: int

    def scores(self, feats: list[str]) -> np.ndarray:
        """Probabilities over all types."""
        z = self.bias + self.weights[hash_features(feats, self.bits)].sum(axis=0)
        z = np.exp(z - z.max())
        return z / z.sum()

    def probs(self, feats: list[str], among: Iterable[str]) -> dict[str, float]:
        """Probabilities renormalised over the types `among` (the lexicon's types for the word)."""
        p = self.scores(feats)
        among = set(among)
        keep = {t: float(p[i]) for i, t in enumerate(self.types) if t in among}
        total = sum(keep.values()) or 1.0
        return {t: v / total for t, v in keep.items()}


def retype(cands: list, lex: Lexicon, args: ArgFinder) -> None:
    """Where the rules took a trigger's default row (the one without conditions) and the word's other rows
    allow other types, let the classifier pick one of them when it is sure (SWITCH): the candidate then
    takes the most general row of that type (mode, CAMEO code, flags) whose structural conditions hold."""
    model = load()
    if model is None:
        return
    for c in cands:
        if c.row.conds:
            continue                 # a hand-written condition decided: keep it
        rows = [r for key in dict.fromkeys([(c.tok.lower_, c.pos), (c.tok.lemma_.lower(), c.pos)])
                for r in lex.rows.get(key, ()) if r.type]
        among = {r.type for r in rows}
        if len(among) < 2:
            continue
        p = model.probs(features(c.tok, c.head, c.light), among)
        best = max(p, key=p.get)
        if best != c.row.type and p[best] >= SWITCH:
            # the last fitting row of that type: the lexicon lists specific rows ("hunger strike") first
            c.row = next((r for r in reversed(rows) if r.type == best and _fits(r, c.tok, args)), c.row)


def _fits(row: Row, tok: Token, args: ArgFinder) -> bool:
    """The row's conditions hold, except those the classifier may overrule."""
    hard = tuple(c for c in row.conds if c.kind not in _SENSE_CONDS)
    return row_matches(Row(row.lemma, row.pos, hard, *([None] * 5), frozenset()), tok, args)


def hash_features(feats: list[str], bits: int = DIM_BITS) -> np.ndarray:
    """Stable feature indices (crc32, not Python's salted hash)."""
    mask = (1 << bits) - 1
    return np.fromiter((feature_crc(f) & mask for f in dict.fromkeys(feats)), dtype=np.int64)


@lru_cache(maxsize=1 << 16)
def feature_crc(feature: str) -> int:
    """A feature's crc32, the models' feature hash (cached: the same features recur in every article)."""
    return zlib.crc32(feature.encode("utf-8"))


def _lem(t: Token) -> str:
    if t.pos_ == "PROPN" or t.ent_type_ in ("GPE", "NORP", "PERSON", "ORG"):
        return "E:" + (t.ent_type_ or "PROPN")       # names generalise as their kind
    if t.like_num:
        return "NUM"
    return t.lemma_.lower()


def features(tok: Token, head: Token | None = None, light: Token | None = None) -> list[str]:
    """The trigger's context as feature strings."""
    lem = tok.lemma_.lower()
    pos = "V" if tok.pos_ == "VERB" else "N"
    out = ["bias", f"t={lem}", f"tp={lem}|{pos}", f"w={tok.lower_}"]
    anchors = [x for x in (tok, head, light) if x is not None]
    for a in dict.fromkeys(a.i for a in anchors):
        a = tok.doc[a]
        for ch in a.children:
            if ch.dep_ in _ARG_DEPS or ch.dep_ == "prep":
                out.append(f"c={lem}|{ch.dep_}|{_lem(ch)}")
                out.append(f"cd={ch.dep_}|{_lem(ch)}")
                if ch.dep_ == "prep":
                    for g in ch.children:
                        if g.dep_ == "pobj":
                            out.append(f"c={lem}|{ch.lower_}|{_lem(g)}")
                            out.append(f"cd={ch.lower_}|{_lem(g)}")
            elif ch.dep_ in ("aux", "neg", "xcomp", "ccomp"):
                out.append(f"m={ch.dep_}|{_lem(ch)}")
    if light is not None:
        out.append(f"lv={light.lemma_.lower()}|{lem}")
    h = (head or tok).head
    out.append(f"h={lem}|{(head or tok).dep_}|{_lem(h)}")
    out.append(f"hd={(head or tok).dep_}|{_lem(h)}")
    sent = sentence(tok)
    for t in sent:
        if t.pos_ in _CONTENT and t.i != tok.i and not t.is_stop:
            w = _lem(t)
            out.append(f"s={w}")
            out.append(f"ts={lem}|{w}")
    return out


@lru_cache(maxsize=1)
def lexicon_types() -> dict[tuple[str, str], dict[str, int | None]]:
    """Each (word, pos) of triggers.tsv -> the types its rows allow, with each type's quad class."""
    out: dict[tuple[str, str], dict[str, int | None]] = {}
    for key, rows in load_lexicon().rows.items():
        for r in rows:
            for t, code in ((r.type, r.cameo), (r.alt_type, r.alt_cameo)):
                if t:
                    out.setdefault(key, {}).setdefault(t, quad_class(code))
    return out


def types_of(tok: Token, pos: str) -> dict[str, int | None]:
    """The types the lexicon allows for this word (by its form and by its lemma)."""
    table = lexicon_types()
    return {**table.get((tok.lemma_.lower(), pos), {}), **table.get((tok.lower_, pos), {})}


@lru_cache(maxsize=1)
def load() -> Model | None:
    """The shipped model, or None when the package has none (the rules then work alone)."""
    ref = resources.files("newscoder").joinpath(MODEL_PATH)
    if not ref.is_file():
        return None
    with ref.open("rb") as fh:
        return model_from(np.load(fh, allow_pickle=False))


def model_from(z) -> Model:
    """A Model from an opened .npz artifact (weights stored quantised, with a scale per class)."""
    w = z["weights"].astype(np.float32) * z["scales"].astype(np.float32)[None, :]
    return Model(tuple(str(t) for t in z["types"]), w, z["bias"].astype(np.float32), int(z["bits"]))


def train(examples: list[tuple[list[str], str]], types: list[str], bits: int = DIM_BITS, l2: float = 1.0,
          iters: int = 300) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression by L-BFGS (scipy, training only): weights (2**bits, K) and bias (K).
    Deterministic: the same examples in the same order give the same weights."""
    from scipy.optimize import minimize
    from scipy.sparse import csr_matrix

    k, dim = len(types), 1 << bits
    rows, cols = [], []
    for r, (feats, _) in enumerate(examples):
        idx = np.unique(hash_features(feats, bits))
        rows.append(np.full(len(idx), r))
        cols.append(idx)
    n = len(examples)
    x = csr_matrix((np.ones(sum(len(c) for c in cols)), (np.concatenate(rows), np.concatenate(cols))),
                   shape=(n, dim))
    y = np.zeros((n, k))
    y[np.arange(n), [types.index(lab) for _, lab in examples]] = 1.0

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:dim * k].reshape(dim, k), theta[dim * k:]
        z = x @ w + b
        z -= z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        p = np.exp(logp)
        f = -(y * logp).sum() / n + 0.5 * l2 / n * (w * w).sum()
        g = (p - y) / n
        gw = x.T @ g + l2 / n * w
        return f, np.concatenate([np.asarray(gw).ravel(), g.sum(axis=0)])

    res = minimize(loss, np.zeros(dim * k + k), jac=True, method="L-BFGS-B", options={"maxiter": iters})
    return res.x[:dim * k].reshape(dim, k), res.x[dim * k:]


def save(path, types: list[str], weights: np.ndarray, bias: np.ndarray, bits: int = DIM_BITS) -> None:
    """The artifact: an .npz (zip of .npy) written with fixed member dates, so the bytes are reproducible."""
    import io
    import zipfile

    q, scales = quantise(weights)
    arrays = {"types": np.array(types), "weights": q, "scales": scales, "bias": bias.astype(np.float32),
              "bits": np.array(bits)}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, arr in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.asarray(arr), allow_pickle=False)
            zf.writestr(zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0)), buf.getvalue(),
                        compress_type=zipfile.ZIP_DEFLATED)


def quantise(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 weights and one float scale per type (what the artifact stores)."""
    scales = np.abs(weights).max(axis=0) / 127.0
    scales[scales == 0] = 1.0
    return np.round(weights / scales).astype(np.int8), scales.astype(np.float32)
