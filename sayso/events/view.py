"""What the coder needs to know about an analysed article, indexed by spaCy token: which
resolved actor a token names, which statement (quote) it stands in, who speaks there, and
which pair of countries the article is about."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from sayso.model import Article, Entity, Participant, Quote

# Sectors whose "we" is their country: a head of state's "we are allies" speaks for Belarus.
STATE_SECTORS = {"government", "military", "legislature", "police", "intelligence"}
# A pair of countries is the article's subject when they hold this share of its mentions.
DYAD_SHARE = 0.6


@dataclass(slots=True)
class Named:
    """A resolved mention: the span and the entity it names."""

    start: int
    end: int
    entity: Entity


def participant(start: int, end: int, text: str, entity: Entity | None,
                sector: str | None = None) -> Participant:
    """The words ``text[start:end]`` as an event's actor, the resolved ``entity`` if any."""
    if entity is None:
        return Participant(start, end, text[start:end], sector=sector)
    return Participant(start, end, text[start:end], entity_id=entity.id, name=entity.name,
                       type=entity.type, country=entity.country, wikidata=entity.wikidata,
                       sector=sector or entity.sector)


@dataclass
class ArticleView:
    article: Article
    doc: Doc
    by_id: dict[str, Entity] = field(init=False)
    named: dict[int, Named] = field(init=False)  # token index → smallest mention over it
    quote_of: dict[int, Quote] = field(init=False)  # token index → innermost quote

    def __post_init__(self) -> None:
        self.by_id = {e.id: e for e in self.article.entities}
        self.named = {}
        for entity in self.article.entities:
            for start, end in entity.mentions:
                span = self.doc.char_span(start, end, alignment_mode="expand")
                for tok in span or ():
                    old = self.named.get(tok.i)
                    if old is None or end - start < old.end - old.start:
                        self.named[tok.i] = Named(start, end, entity)
        self.quote_of = {}
        for quote in sorted(self.article.quotes, key=lambda q: q.start - q.end):
            span = self.doc.char_span(quote.start, quote.end, alignment_mode="expand")
            for tok in span or ():
                self.quote_of[tok.i] = quote  # longest first: the innermost is written last

    @cached_property
    def tokens(self) -> list[Token]:
        return list(self.doc)

    @cached_property
    def _sentences(self) -> tuple[list[int], list[Span]]:
        sents = list(self.doc.sents)
        return [s.start for s in sents], sents

    @cached_property
    def ents(self) -> list[Span]:
        return list(self.doc.ents)  # Doc.ents rebuilds the list on every access

    @cached_property
    def _ent_starts(self) -> list[int]:
        return [e.start for e in self.ents]

    def ents_in(self, span: Span) -> list[Span]:
        lo = bisect_left(self._ent_starts, span.start)
        hi = bisect_left(self._ent_starts, span.end)
        return [e for e in self.ents[lo:hi] if e.end <= span.end]

    def ent_at(self, tok: Token) -> Span | None:
        return next((e for e in self.ents if e.start <= tok.i < e.end), None)

    def sentence(self, tok: Token) -> Span:
        """The sentence of a token (``Token.sent`` scans the document on every call)."""
        starts, sents = self._sentences
        return sents[bisect_right(starts, tok.i) - 1]

    @property
    def text(self) -> str:
        return self.article.text

    def quote(self, tok: Token) -> Quote | None:
        return self.quote_of.get(tok.i)

    def speaker(self, quote: Quote | None) -> Entity | None:
        if quote is None or quote.speaker is None or quote.speaker.entity_id is None:
            return None
        return self.by_id.get(quote.speaker.entity_id)

    def speaker_participant(self, quote: Quote | None) -> Participant | None:
        """The resolved speaker of a statement, at the words naming them."""
        speaker = self.speaker(quote)
        if quote is None or quote.speaker is None or speaker is None:
            return None
        return participant(quote.speaker.start, quote.speaker.end, self.text, speaker)

    def entity_participant(self, named: Named, sector: str | None = None) -> Participant:
        return participant(named.start, named.end, self.text, named.entity, sector)

    def country_entity(self, code: str) -> Entity | None:
        return self.by_id.get(f"country:{code}") or next(
            (e for e in self.article.entities if e.type == "COUNTRY" and e.country == code), None)

    def side(self, entity: Entity | None) -> str | None:
        """The country an actor stands for (a person's, an organisation's, a country's own)."""
        return entity.country if entity is not None else None

    def we_of(self, quote: Quote, tok: Token) -> Participant | None:
        """"We" in a statement: a state official's country, else the speaker's own body."""
        speaker = self.speaker(quote)
        if speaker is None:
            return None
        start, end = tok.idx, tok.idx + len(tok.text)
        if speaker.type == "PERSON" and speaker.country and speaker.sector in STATE_SECTORS:
            country = self.country_entity(speaker.country)
            if country is not None:
                return participant(start, end, self.text, country)
            return Participant(start, end, tok.text, country=speaker.country, type="COUNTRY")
        if speaker.type in ("ORG", "COUNTRY", "GROUP"):
            return participant(start, end, self.text, speaker)
        return None

    def addressee(self, quote: Quote, tok: Token) -> Participant | None:
        """"You" in a statement whose cue names the listener ("he told me, 'I ask you'")."""
        if quote.addressee is None or quote.addressee.entity_id not in self.by_id:
            return None
        return participant(tok.idx, tok.idx + len(tok.text), self.text,
                           self.by_id[quote.addressee.entity_id])

    @cached_property
    def dyad(self) -> tuple[str, str] | None:
        """The two countries the article is about, when two countries dominate it."""
        counts: Counter[str] = Counter()
        for entity in self.article.entities:
            if entity.country:
                counts[entity.country] += len(entity.mentions)
        top = counts.most_common(2)
        if len(top) < 2 or top[1][1] < 2:
            return None
        if (top[0][1] + top[1][1]) < DYAD_SHARE * sum(counts.values()):
            return None
        return top[0][0], top[1][0]

    def counterpart(self, country: str | None) -> str | None:
        if country is None or self.dyad is None or country not in self.dyad:
            return None
        return self.dyad[1] if self.dyad[0] == country else self.dyad[0]

    def last_mention_of(self, country: str, start: int, end: int) -> Named | None:
        """The latest mention of an actor of ``country`` within [start, end)."""
        best = None
        for entity in self.article.entities:
            if entity.country != country:
                continue
            for s, e in entity.mentions:
                if start <= s and e <= end and (best is None or s > best.start):
                    best = Named(s, e, entity)
        return best
