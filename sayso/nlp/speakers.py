"""Resolve speaker mentions inside one document.

"he", "the President", "the Belarusian leader", "Lukashenko" → the person the text means,
by rules a reader uses: a name joins the entity with that name or surname; a third-person
pronoun outside quotes means the last person named outside quotes (inside a quote, the
last person named in that quote); "I"/"me"/"we" inside a quote mean its speaker; a role
("the President", "the head of state") means the person the text gave that role to, else
the most prominent person so far.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import takewhile

from spacy.tokens import Doc, Span, Token

from sayso.model import EntityType
from sayso.nlp.entities import DocEntity, clean_name, same_nation
from sayso.nlp.lexicons import word_set

THIRD_PERSON = {"he", "she", "him", "her", "his", "hers"}
FIRST_PERSON = {"i", "me", "my", "we", "us", "our"}


LABEL_WORD = re.compile(r"[\w.’'-]+")
SENDER_SENTENCES = 3  # how far back the lead may name a message's sender
NATION_ENTS = ("NORP", "GPE")
NATION_WINDOW = 4  # title words before a name that may hold a nation word
NOUN_PHRASE_POS = ("PROPN", "ADJ", "NOUN")
MIN_TYPO_SURNAME = 6  # a surname this long misspelt by one letter is still the same person


def _surname(name: str) -> str:
    words = clean_name(name).split()
    return words[-1].lower() if words else ""


def _one_letter_off(a: str, b: str) -> bool:
    """One letter dropped, added or changed ("BERSTEIN" for "Bernstein")."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def _nationality_of(tok: Token) -> str | None:
    """The nation word a role carries: "the Vietnamese leader", "the leader of Vietnam"."""
    for child in tok.children:
        if child.dep_ in ("amod", "compound", "nmod") and child.ent_type_ in NATION_ENTS:
            return child.lower_
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.ent_type_ in NATION_ENTS:
                    return obj.lower_
    return None


def _nation_words_around(span: Span) -> set[str]:
    """Nation words in the noun phrase around a name: its title run on the left
    ("Vietnamese President"), "of (the) Philippines" on the right; never the rest of the
    sentence ("Marcos also met Vietnamese President …" does not make Marcos Vietnamese)."""
    doc = span.doc
    words = [t for t in span if t.ent_type_ in NATION_ENTS]
    i = span.start - 1
    while i >= max(0, span.start - NATION_WINDOW) and doc[i].pos_ in NOUN_PHRASE_POS:
        words.append(doc[i])
        i -= 1
    after = [t for t in doc[span.end:span.end + NATION_WINDOW] if t.lower_ != "the"]
    if after and after[0].lower_ == "of":
        words.extend(takewhile(lambda t: t.pos_ == "PROPN", after[1:]))
    return {t.lower_ for t in words if t.ent_type_ in NATION_ENTS}


def _names_a_thing(span: Span) -> bool:
    """A name that only qualifies a common noun ("the Biden administration", "the Putin
    era") names a thing, not a person a later "he" can point back to."""
    root = span.root
    return (root.dep_ == "compound" and not (span.start <= root.head.i < span.end)
            and root.head.pos_ == "NOUN")


@dataclass(slots=True)
class QuoteScope:
    start: int
    end: int
    speaker: int | None  # entity index of the quote's speaker


class Resolver:
    def __init__(self, doc: Doc, entities: list[DocEntity]):
        self.doc = doc
        self.text = doc.text  # Doc.text is rebuilt on every access: read it once
        self.entities = entities
        self.scopes: list[QuoteScope] = []
        self.labels: list[tuple[int, int]] = []  # transcript turn labels ("Vladimir Putin:")
        self._index()

    def set_labels(self, labels: list[tuple[int, int]]) -> None:
        """Turn labels name who speaks next, not whom the words talk about: a "he" is never
        resolved to a name inside one."""
        self.labels = sorted(labels)

    def _index(self) -> None:
        self.by_token: dict[int, int] = {}
        self.person_mentions: list[tuple[int, int]] = []  # (char start, entity index)
        for k, ent in enumerate(self.entities):
            for (s, e) in ent.mentions:
                span = self.doc.char_span(s, e, alignment_mode="expand")
                if span is None:
                    continue
                for t in span:
                    self.by_token[t.i] = k
                if ent.type == "PERSON" and not _names_a_thing(span):
                    self.person_mentions.append((s, k))
        self.person_mentions.sort()

    def scope_of(self, char: int) -> QuoteScope | None:
        inner = None
        for sc in self.scopes:
            if sc.start <= char < sc.end and (inner is None or sc.start >= inner.start):
                inner = sc
        return inner

    def resolve(self, tok: Token, span: tuple[int, int]) -> int | None:
        """Entity index for the mention headed by ``tok`` (creating one for an unknown name)."""
        if tok.i in self.by_token:
            return self.by_token[tok.i]
        if tok.tag_ in ("WP", "WDT") and tok.head.dep_ == "relcl" and tok.head.head.i != tok.i:
            head = tok.head.head  # "Sanders, who urges …": who = Sanders
            return self.resolve(head, (head.idx, head.idx + len(head.text)))
        low = tok.lower_
        if tok.lemma_.lower() in word_set("message_nouns.txt"):
            return self._sender(tok)
        if tok.pos_ == "PRON" or low in FIRST_PERSON | THIRD_PERSON:
            return self._pronoun(tok, low)
        for t in self.doc.char_span(*span, alignment_mode="expand") or [tok]:
            if t.i in self.by_token and self.entities[self.by_token[t.i]].type == "PERSON":
                return self.by_token[t.i]  # "her adviser, Jake Sullivan", "President Putin"
        if low in word_set("titles.txt"):
            named = self._apposed_name(tok)
            if named is not None:  # "the President of Finland at that time, Tarja Halonen"
                return self._name(named, (named.left_edge.idx, named.idx + len(named.text)))
            return self._role(tok)
        if tok.pos_ == "PROPN":
            return self._name(tok, span)
        return None

    @staticmethod
    def _apposed_name(tok: Token) -> Token | None:
        """The proper name set beside a title ("the President …, Tarja Halonen"): it says
        who holds the title, so the title is not guessed from the people named so far."""
        for child in tok.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                return child
        return None

    def _sender(self, tok: Token) -> int | None:
        """"The message reads:" after "Vladimir Putin sent his greetings to …": the named
        subject of the sentences just before it, outside quotes, is the sender."""
        sent = tok.sent
        for _ in range(SENDER_SENTENCES):
            if sent.start == 0:
                return None
            sent = self.doc[sent.start - 1].sent
            if self.scope_of(sent.root.idx) is not None:
                continue
            subj = next((c for c in sent.root.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.pos_ == "PROPN":
                return self.resolve(subj, (subj.idx, subj.idx + len(subj.text)))
        return None

    def _pronoun(self, tok: Token, low: str) -> int | None:
        scope = self.scope_of(tok.idx)
        if low in FIRST_PERSON:
            return scope.speaker if scope else None
        if low not in THIRD_PERSON:
            return None
        found = self._last_person_before(tok.idx, scope)
        if found is not None and self._unnamed_role_between(found, tok):
            return None
        return found

    def _unnamed_role_between(self, k: int, tok: Token) -> bool:
        """A role named without a name in the pronoun's own sentence, after the person
        found ("Jared, the previous president — … — he personally took credit"): "he" may
        well be that role's holder, whom the text does not name, so nobody is guessed."""
        last = max((s for s, _ in self.entities[k].mentions if s < tok.idx), default=-1)
        titles = word_set("titles.txt")
        return any(
            t.pos_ == "NOUN" and t.lower_ in titles and t.i not in self.by_token
            and t.idx > last
            for t in self.doc[tok.sent.start:tok.i]
        )

    def _last_person_before(self, char: int, scope: QuoteScope | None) -> int | None:
        """The person a "he" at ``char`` points back to: the last one named where the
        pronoun can see them, except that the subject of that sentence wins over a person
        named in a clause inside it ("David Simas recalled … when he worked for the 2012
        Obama campaign … when Barack Obama first took office. ''…,'' he said": Simas)."""
        pos = bisect_left(self.person_mentions, (char, -1))
        seen = ((s, k) for s, k in reversed(self.person_mentions[:pos])
                if self._visible(s, k, scope))
        first = next(seen, None)
        if first is None:
            return None
        sent = self._token_at(first[0]).sent
        for s, k in (first, *takewhile(lambda sk: sk[0] >= sent.start_char, seen)):
            if self._is_subject_of(self._token_at(s), sent):
                return k
        return first[1]

    def _visible(self, start: int, k: int, scope: QuoteScope | None) -> bool:
        if scope is not None and k == scope.speaker:
            return False  # in someone's own words "he" is someone else: they say "I"
        if self._in_label(start):
            return False
        inside = self.scope_of(start)
        if scope is None:
            return inside is None
        return inside is scope or start < scope.start

    def _token_at(self, char: int) -> Token:
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else self.doc[0]

    def _is_subject_of(self, tok: Token, sent: Span) -> bool:
        """The mention at ``tok`` (any of its words) is the subject of ``sent``'s main verb."""
        k = self.by_token.get(tok.i)
        while tok.head.i != tok.i and self.by_token.get(tok.head.i) == k and k is not None:
            tok = tok.head  # up to the head word of the name
        return tok.dep_ in ("nsubj", "nsubjpass") and tok.head.i == sent.root.i

    def _in_label(self, char: int) -> bool:
        i = bisect_left(self.labels, (char + 1, -1)) - 1
        return i >= 0 and self.labels[i][0] <= char < self.labels[i][1]

    def resolve_label(self, tok: Token, span: tuple[int, int]) -> int | None:
        """The speaker of a transcript label: a label that names an office alone ("THE
        VICE PRESIDENT") is left to the knowledge base, which knows who held it on the
        day; any other label's last word is a surname, which joins the person the document
        names in full ("CHAIR BERNSTEIN" → Jared Bernstein), or, misspelt by one letter,
        another label's person ("CHAIR BERSTEIN")."""
        words = [w.strip(".’'").lower() for w in LABEL_WORD.findall(self.text[span[0]:span[1]])]
        role = word_set("titles.txt") | word_set("label_role_words.txt")
        names = [w for w in words if w and w not in role]
        if not names:
            return None
        surname = names[-1]
        people = [(k, e) for k, e in enumerate(self.entities) if e.type == "PERSON"]
        same = [k for k, e in people if _surname(e.name) == surname]
        if not same and len(surname) >= MIN_TYPO_SURNAME:
            same = [k for k, e in people if _one_letter_off(_surname(e.name), surname)
                    and any(self._in_label(m[0]) for m in e.mentions)]
        if same:
            return max(same, key=lambda k: (len(self.entities[k].name.split()),
                                            len(self.entities[k].mentions)))
        return self.resolve(tok, span)

    def _name(self, tok: Token, span: tuple[int, int]) -> int | None:
        name = clean_name(self.text[span[0]:span[1]])
        last = name.split()[-1].lower() if name else ""
        for k, ent in enumerate(self.entities):
            if ent.type == "PERSON" and ent.name.split()[-1].lower() == last:
                return k
        if not name or tok.ent_type_ in ("GPE", "LOC", "DATE", "TIME"):
            return None
        etype: EntityType = "ORG" if tok.ent_type_ == "ORG" else "PERSON"
        self.entities.append(DocEntity(name, etype, None, [span], [tok.i]))
        k = len(self.entities) - 1
        self.by_token[tok.i] = k
        if etype == "PERSON":
            self.person_mentions.append((span[0], k))
            self.person_mentions.sort()
        return k

    def _role(self, tok: Token) -> int | None:
        """"the President": the person introduced with that title, else the most named."""
        title = tok.lower_
        people = [k for k, e in enumerate(self.entities) if e.type == "PERSON"]
        if not people:
            return None
        titled = []
        for k in people:
            for head in self.entities[k].tokens:
                left = self.doc[max(0, head - 3):head]
                if any(t.lower_ == title for t in left):
                    titled.append(k)
                    break
        if not titled and title not in word_set("leader_roles.txt"):
            return None  # "the finance minister" is nobody named so far
        pool = titled or people
        nation = _nationality_of(tok)
        if nation is not None:
            # "the Vietnamese leader" is someone the text called Vietnamese, not the most
            # named person when that is a Philippine president; failing that, only someone
            # the text gave no nation at all (the knowledge base then checks the office).
            nations = {k: self._nations(k) for k in pool}
            called = [k for k in pool if any(same_nation(nation, w) for w in nations[k])]
            pool = called or [k for k in pool if not nations[k]]
            if not pool:
                return None
        # Among candidates, the one named most often before this mention.
        def weight(k: int) -> tuple[int, int]:
            before = [s for s, _ in self.entities[k].mentions if s < tok.idx]
            return (len(before), max(before, default=-1))
        return max(pool, key=weight)

    def _nations(self, k: int) -> set[str]:
        """The nation words the text puts next to person ``k``'s name ("Vietnamese President
        Vo Van Thuong", "President Marcos of the Philippines")."""
        found: set[str] = set()
        for s, e in self.entities[k].mentions:
            span = self.doc.char_span(s, e, alignment_mode="expand")
            if span is not None:
                found |= _nation_words_around(span)
        return found
