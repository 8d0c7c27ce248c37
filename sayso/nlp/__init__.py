"""Analysis: find statements (quotes) and the people and organisations in an Article.

``analyse(article)`` is a pure function of the article: it fills ``article.quotes`` and
``article.entities`` and never touches the database. The spaCy pipeline is built once per
process (``sayso.nlp.pipeline``); the rules live in ``attribution`` (statements: quotation
marks, cues, sources, layout), ``speakers`` (who a mention means) and ``entities``.

``Quote.about`` is left empty here: it lists the *actors* a statement mentions, so
``sayso.actors.resolve_article`` fills it once entities are linked (it also owns the rule that
a speaker is never what their own statement is about). Before that, what a statement
mentions is in ``article.entities``: every entity with a mention inside the quote's span.
"""

from __future__ import annotations

from spacy.tokens import Doc

from sayso.model import Article, Entity, Mention, Quote, Span
from sayso.nlp.attribution import (
    AttributionSettings,
    Found,
    attribute,
    default_settings,
    phrase_span,
)
from sayso.nlp.entities import DocEntity, find_entities
from sayso.nlp.lexicons import word_set
from sayso.nlp.speakers import QuoteScope, Resolver

ADDRESSEE_DEPS = ("dative", "dobj")
SCOPED_KINDS = ("direct", "turn", "headline")


def needs_parsing(article: Article) -> bool:
    """Whether analysis parses this article: English with some text (others are kept,
    flagged, not analysed)."""
    return article.is_english and bool(article.text.strip())


def analyse(article: Article) -> Article:
    """Fill in quotes and entities. Non-English articles are kept, flagged, not analysed."""
    if not needs_parsing(article):
        return article
    return analyse_doc(article, parse(article.text))


def parse(text: str) -> Doc:
    """spaCy's parse of ``text`` with the pipeline every stage shares (loaded once); a long
    text is parsed in slices joined back into one Doc, offsets kept
    (``pipeline.parse_in_slices``)."""
    from sayso.nlp.pipeline import parse_in_slices

    return parse_in_slices(text)


def analyse_doc(article: Article, doc: Doc, settings: AttributionSettings | None = None) -> Article:
    """Analysis on an already parsed ``doc`` of ``article.text`` (lets callers batch parsing).
    ``settings`` replaces the shipped attribution settings (experiments, tests)."""
    text = article.text
    settings = settings or default_settings()
    found = attribute(doc, text, article.title, settings)
    entities = find_entities(doc)
    resolver = Resolver(doc, entities)
    speakers: list[int | None] = []
    scopes = {}
    resolver.set_labels([f.source for f in found if f.kind == "turn" and f.source])
    for i, f in enumerate(found):  # quotes bound pronoun search before speakers are known
        if f.kind in SCOPED_KINDS:
            scopes[i] = QuoteScope(f.content[0], f.content[1], None)
            resolver.scopes.append(scopes[i])
    for i, f in enumerate(found):  # outer statements come first, so a nested "I" finds its speaker
        k = None
        if f.source_token is not None and f.source is not None:
            k = resolver.resolve_label(doc[f.source_token], f.source) if f.kind == "turn" \
                else resolver.resolve(doc[f.source_token], f.source)
            if k is not None and f.source not in entities[k].mentions:
                entities[k].mentions.append(f.source)
        speakers.append(k)
        if i in scopes:
            scopes[i].speaker = k
    _first_person_mentions(doc, found, speakers, entities, resolver)
    ids = _entity_ids(entities)
    number = {f: i for i, f in enumerate(found)}
    article.quotes = [
        _quote(
            number,
            f,
            speakers[i],
            entities,
            ids,
            doc,
            resolver,
            settings.confidence.unresolved_speaker,
        )
        for i, f in enumerate(found)
    ]
    article.entities = [
        Entity(
            id=ids[k], name=e.name, type=e.type, country=e.country, mentions=sorted(set(e.mentions))
        )
        for k, e in enumerate(entities)
        if k in ids
    ]
    article.entities.sort(key=lambda e: int(e.id[1:]))
    return article


def _first_person_mentions(
    doc: Doc,
    found: list[Found],
    speakers: list[int | None],
    entities: list[DocEntity],
    resolver: Resolver,
) -> None:
    """ "I", "me", "my" in a speaker's own words are mentions of that speaker."""
    for f, k in zip(found, speakers, strict=True):
        if k is None or f.kind not in SCOPED_KINDS:
            continue
        span = doc.char_span(f.content[0], f.content[1], alignment_mode="expand")
        for t in span or []:
            if t.lower_ in word_set("first_person_singular.txt"):
                scope = resolver.scope_of(t.idx)
                if scope is not None and scope.start == f.content[0] and scope.end == f.content[1]:
                    entities[k].mentions.append((t.idx, t.idx + len(t.text)))


def _entity_ids(entities: list[DocEntity]) -> dict[int, str]:
    order = sorted(
        (k for k, e in enumerate(entities) if e.mentions), key=lambda k: min(entities[k].mentions)
    )
    return {k: f"e{n}" for n, k in enumerate(order, 1)}


def _mention(
    text: str, span: tuple[int, int], k: int | None, entities: list[DocEntity], ids: dict[int, str]
) -> Mention:
    s, e = span
    ent = entities[k] if k is not None and k in ids else None
    return Mention(
        s,
        e,
        text[s:e],
        ids.get(k) if k is not None else None,
        ent.name if ent else None,
        ent.type if ent else None,
        ent.country if ent else None,
    )


def _quote(
    number: dict[Found, int],
    f: Found,
    k: int | None,
    entities: list[DocEntity],
    ids: dict[int, str],
    doc: Doc,
    resolver: Resolver,
    unresolved: float,
) -> Quote:
    """``number``: each statement's position in the article's list (q1, q2, …)."""
    text = resolver.text
    s, e = f.content
    speaker = _mention(text, _source_phrase(f, doc, text), k, entities, ids) if f.source else None
    conf = f.confidence * (1.0 if k is not None else unresolved)
    return Quote(
        id=f"q{number[f] + 1}",
        kind=f.kind,
        start=s,
        end=e,
        text=text[s:e],
        speaker=speaker,
        cue=Span(f.cue[0], f.cue[1], text[f.cue[0] : f.cue[1]]) if f.cue else None,
        parent=f"q{number[f.parent] + 1}" if f.parent is not None else None,
        confidence=round(min(1.0, max(0.0, conf)), 4),
        addressee=_addressee(f, doc, resolver, entities, ids),
    )


PHRASE_KINDS = ("direct", "indirect", "mixed")


def _source_phrase(f: Found, doc: Doc, text: str) -> tuple[int, int]:
    """The speaker's whole noun phrase (name with its title, apposition, relative clause),
    the span PolNeAR annotators mark; the short mention stays the entity's mention."""
    assert f.source is not None
    if f.kind not in PHRASE_KINDS or f.source_token is None:
        return f.source
    avoid = [f.content, *([f.cue] if f.cue else [])]
    return phrase_span(doc[f.source_token], text, f.source, avoid)


def _addressee(
    f: Found, doc: Doc, resolver: Resolver, entities: list[DocEntity], ids: dict[int, str]
) -> Mention | None:
    """Whom the cue names as listener: "he told me", "told reporters"."""
    if f.cue is None:
        return None
    span = doc.char_span(f.cue[0], f.cue[1], alignment_mode="expand")
    if span is None or span.root.pos_ != "VERB":
        return None
    for c in span.root.children:
        if (
            c.dep_ in ADDRESSEE_DEPS
            and c.pos_ in ("PRON", "PROPN", "NOUN")
            and not (f.content[0] <= c.idx < f.content[1])
        ):
            k = resolver.resolve(c, (c.idx, c.idx + len(c.text)))
            return _mention(resolver.text, (c.idx, c.idx + len(c.text)), k, entities, ids)
    return None
