"""Events from one analysed article: triggers, their actors, how the words hold them.

1. Triggers (``triggers.find``) over the dependency parse; a light verb lends its subject to
   the event noun it governs ("Peru issued an ultimatum to Ecuador").
2. A trigger inside the complement of a verbal act (demand, threaten, refuse, promise …) is
   what the act is about: it is not an event of its own, it gives the act its mode.
3. Each remaining trigger gets its source (subject, agent of a passive, controller of a
   complement) and target (object, recipient, the actor the object belongs to), as
   resolved actors (``participants``).
4. The words' modality turns it into what PLOVER codes: a promised cooperation is AGREE, an
   announced use of force THREATEN, a refused one REJECT, "Y must …" said by X a REQUEST.
5. Statements add the verbal events of their evaluations ("We are allies") and discourse
   fills a participant the words leave out when the article is about one pair of countries.

When the source, the target or the direction is unclear, nothing is emitted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from sayso.events import participants as parts
from sayso.events.lexicon import (
    Plover,
    actor_nouns,
    content_modes,
    cue,
    needs_recipient,
    plover_of,
    quads,
    score,
)
from sayso.events.modality import Modality, read
from sayso.events.triggers import Hit, find, petrarch_code
from sayso.events.view import ArticleView
from sayso.model import Article, Event, EventKind, EventTime, Participant, Quote, Span

GENERIC_PREPS = ("to", "with", "against", "on", "at", "toward", "towards", "into", "for",
                 "over", "upon", "between", "from")
OBJECT_PREPS = ("to", "on", "against", "for", "with", "from", "by", "of", "between")
CONTENT_DEPS = ("xcomp", "ccomp", "dobj", "pobj", "prep", "acl", "advcl", "relcl", "conj",
                "attr", "oprd", "pcomp")
ARGUMENT_DEPS = ("dobj", "attr", "nsubj", "nsubjpass", "ROOT", "appos", "oprd", "conj")
SUBJECT_DEPS = ("nsubj",)
COOPERATIVE = (1, 2)
RECIPIENT_OPTIONAL = ("solo",)
NEEDS_RECIPIENT = ("THREATEN", "CONSULT")  # sayso's own, beside the manual's
OWN_FORCE = ("MOBILIZE", "RETREAT")  # events whose bare object is the actor's own force
STATE_SECTORS = ("government", "military", "legislature", "police", "judiciary")


@dataclass
class Frame:
    hit: Hit
    verb: Token | None  # the clause's verb: the trigger, or the verb governing a noun trigger
    plover: Plover
    code: str
    quote: Quote | None = None
    content: Frame | None = None  # what a verbal act is about
    absorbed: bool = False  # this frame is the content of another
    sources: list[Participant] = field(default_factory=list)
    targets: list[Participant] = field(default_factory=list)
    modality: Modality = field(default_factory=Modality)
    inferred: list[str] = field(default_factory=list)

    @property
    def token(self) -> Token:
        return self.hit.token

    @property
    def head(self) -> Token:
        return self.verb if self.verb is not None else self.hit.token


def reading(code: str, state: bool = False) -> tuple[Plover, str | None] | None:
    """A code of the lexicons → (PLOVER reading, CAMEO code or None); "141/114" is read
    as its second code when the source is a state actor."""
    if "/" in code:
        first, second = code.split("/", 1)
        code = second if state else first
    if code[:1].isdigit():
        p = plover_of(code)
        return (p, code) if p else None
    event, _, mode = code.partition(":")
    return (Plover(event, mode or None, ()), None) if event in quads() else None


def code_events(article: Article, doc: Doc | None = None) -> list[Event]:
    """The events of an analysed and actor-resolved article (see the module docstring)."""
    if not article.text.strip() or not article.is_english:
        return []
    if doc is None:
        from sayso.nlp import parse

        doc = parse(article.text)
    view = ArticleView(article, doc)
    frames = build_frames(view)
    year = article.published.year if article.published else None
    events: list[Event] = []
    for frame in frames:
        if frame.absorbed:
            continue
        event = finish(view, frame, year)
        if event is not None:
            events.append(event)
    from sayso.events.statements import stance_events

    events.extend(stance_events(view, events))
    return number(dedupe(events))


# --- 1-2: triggers and their structure ------------------------------------------------

def build_frames(view: ArticleView) -> list[Frame]:
    hits = [h for tok in view.tokens if (h := find(tok)) is not None]
    frames: dict[int, Frame] = {}
    for hit in hits:
        if hit.light:
            continue
        r = reading(hit.code)
        if r is None:
            continue
        frames[hit.token.i] = Frame(hit, hit.token if hit.token.pos_ == "VERB" else None,
                                    r[0], r[1] or "", view.quote(hit.token))
    for hit in hits:
        if hit.light and not lend_subject(hit, frames):
            own_frame(view, hit, frames)
    for i, frame in list(frames.items()):
        # "organized a general strike": PETRARCH2's bare default for the verb says less than
        # the event noun it governs
        if frame.hit.origin == "default" and lend_subject(frame.hit, frames):
            del frames[i]
    for frame in frames.values():
        if frame.hit.token.pos_ != "VERB" and not noun_in_argument_place(frame):
            frame.absorbed = True
    for frame in sorted(frames.values(), key=lambda f: f.token.i):
        governor, complement = governing_frame(frame, frames)
        if governor is not None and complement and is_content(governor, frame):
            frame.absorbed = True
            if governor.content is None:
                governor.content = frame
        elif governor is not None and frame.token.pos_ != "VERB" and \
                governor.token.pos_ == "VERB" and frame.token.head == governor.token:
            frame.absorbed = True  # "wounded two soldiers in a bomb attack": one event
    return sorted(frames.values(), key=lambda f: f.token.i)


def lend_subject(hit: Hit, frames: dict[int, Frame]) -> bool:
    """A light verb's object noun is the event ("held talks", "gave 5 million dollars of
    aid"); the verb gives it its clause. False when the object names no event."""
    verb = hit.token
    for obj in verb.children:
        if obj.dep_ not in ("dobj", "attr", "nsubjpass"):
            continue
        for noun in (obj, *of_nouns(obj)):
            if noun.i in frames:
                frames[noun.i].verb = verb
                return True
    # "was put under investigation", "placed X under arrest", "went on strike", "put its
    # troops on alert": the state the verb puts one in
    for prep in verb.children:
        if prep.dep_ != "prep" or not (prep.lower_ == "under" or (
                prep.lower_ == "on" and verb.lemma_.lower() in cue("state_on"))):
            continue
        for noun in (g for g in prep.children if g.dep_ == "pobj"):
            if noun.i in frames:
                frames[noun.i].verb = verb
                return True
    return False


def of_nouns(noun: Token) -> list[Token]:
    """"tons of food aid", "dollars of aid": the noun a quantity is of."""
    return [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children if g.dep_ == "pobj"]


def own_frame(view: ArticleView, hit: Hit, frames: dict[int, Frame]) -> None:
    """A light verb whose object names no event may still be one by PETRARCH2's patterns
    ("send * &WEAPON" → 072)."""
    code, origin = petrarch_code(hit.token)
    r = reading(code) if code and code != "-" and origin == "pattern" else None
    if r is not None:
        frames[hit.token.i] = Frame(Hit(hit.token, code or "", hit.flags, hit.preps,
                                        origin=origin), hit.token, r[0], r[1] or "",
                                    view.quote(hit.token))


def noun_in_argument_place(frame: Frame) -> bool:
    """An event noun counts when it is what a clause asserts: the object of a light verb,
    "there was pressure on Belarus", a subject ("riots are continuing"), a headline."""
    noun = frame.token
    if frame.verb is not None:
        return True
    if noun.dep_ in ("attr", "nsubj", "nsubjpass", "ROOT"):
        return True
    return noun.dep_ == "dobj" and find(noun.head) is None


def is_content(governor: Frame, frame: Frame) -> bool:
    """What a verbal act is about; and a protest's demand, which PLOVER does not code
    apart from the protest ("staged demonstrations to demand reforms")."""
    if "speech" in governor.hit.flags:
        return True
    return governor.plover.event == "PROTEST" and frame.plover.event == "REQUEST"


def governing_frame(frame: Frame, frames: dict[int, Frame]) -> tuple[Frame | None, bool]:
    """The nearest trigger above this one in the parse, and whether the path to it goes
    through complements only (what is demanded, refused, threatened), not adjuncts ("at the
    fourth round of talks")."""
    tok = frame.head
    seen = 0
    complement = True
    while tok.head != tok and seen < 12:
        if tok.dep_ not in CONTENT_DEPS:
            return None, False
        complement = complement and complement_step(tok)
        tok = tok.head
        seen += 1
        if tok.i in frames and frames[tok.i] is not frame:
            return frames[tok.i], complement
        for f in frames.values():  # a light verb carrying a verbal act ("issued a demand")
            if f.verb == tok and f is not frame and f.token != frame.token:
                return f, complement
    return None, False


COMPLEMENT_PREPS = ("for", "on", "to", "against", "of", "about")


def complement_step(tok: Token) -> bool:
    dep = tok.dep_
    if dep in ("xcomp", "ccomp", "dobj", "attr", "oprd", "acl", "csubj", "pobj", "pcomp"):
        return True
    if dep == "prep":
        return tok.head.pos_ in ("NOUN", "PROPN") or tok.lower_ in COMPLEMENT_PREPS
    if dep == "advcl":  # purpose: "to demand …", "for the US [to] support …"
        return any(c.dep_ in ("mark", "aux") and c.lower_ in ("for", "that", "to")
                   for c in tok.children)
    return False


# --- 3: actors ----------------------------------------------------------------------------

def reporter_of(view: ArticleView, tok: Token) -> list[Participant]:
    """Who reports the clause of ``tok``: the speaker of its statement, else the subject of
    a reporting verb above it ("Syria says it …")."""
    speaker = view.speaker_participant(view.quote(tok))
    if speaker is not None:
        return [speaker]
    node = tok
    while node.head != node:
        node = node.head
        if node.lemma_.lower() in cue("reporting"):
            subj = next((c for c in node.children if c.dep_ in SUBJECT_DEPS), None)
            return parts.actors(view, subj) if subj is not None else []
    return []


def subject_tokens(verb: Token) -> tuple[list[Token], bool]:
    """The subject of a verb, following control and coordination; and whether it came from
    a passive's agent ("was attacked by X")."""
    for c in verb.children:
        if c.dep_ in SUBJECT_DEPS and c.lower_ not in ("who", "which", "that"):
            return [c], False
        if c.dep_ == "nsubjpass" and adjectival(verb):
            return [c], False
    for c in verb.children:
        if c.dep_ == "agent":
            return [g for g in c.children if g.dep_ == "pobj"], True
    if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return [verb.head], False  # "the parents who killed …": the parents
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        noun = verb.head
        if noun.lemma_.lower() in actor_nouns() or noun.pos_ == "PROPN" or \
                noun.head == noun or noun.dep_ not in ("dobj", "pobj"):
            return [noun], False
        if noun.lemma_.lower() in cue("document") or find(noun) is not None:
            return subject_tokens(noun.head)  # "issued a declaration demanding …": the issuer
        return [], False  # "intercepted a boat carrying migrants": not the interceptor
    head = verb.head
    if head == verb:
        return [], False
    if verb.dep_ == "xcomp":
        obj = next((c for c in head.children if c.dep_ in ("dobj",)), None)
        hit = find(head) if obj is not None else None
        if obj is not None and hit is not None and "control" in hit.flags:
            return [obj], False
        return subject_tokens(head)
    if verb.dep_ in ("conj", "advcl") and head.pos_ in ("VERB", "AUX"):
        if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ not in ("to",)
                                        for c in verb.children):
            return [], False  # "…, as X …": another clause with its own subject
        shared = passive_subject(head)
        if shared is not None and verb.dep_ == "conj":
            return [shared], False  # "X has been indicted by Y and will resign": X resigns
        return subject_tokens(head)
    if verb.dep_ in ("acomp",):
        return subject_tokens(head)
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        # "youths resorted to throwing stones": the one who resorted; "accused Y of killing",
        # "warned Y against attacking", "Y was accused of killing": the object does it
        governor = head.head
        obj = next((c for c in governor.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if obj is not None:
            return [obj], False
        return subject_tokens(governor)
    return [], False


def passive_subject(verb: Token) -> Token | None:
    if adjectival(verb):
        return None
    return next((c for c in verb.children if c.dep_ == "nsubjpass"), None)


def adjectival(verb: Token) -> bool:
    """"Israel is opposed to French mediation": passive in form, Israel acts."""
    hit = find(verb)
    return hit is not None and "adjpass" in hit.flags and \
        not any(c.dep_ == "agent" for c in verb.children)


def sources_of(view: ArticleView, frame: Frame) -> list[Participant]:
    reporter = reporter_of(view, frame.head)
    if frame.verb is None:  # a noun on its own: "Israeli air raids", "there was pressure"
        if any(c.dep_ == "expl" for c in frame.token.head.children):
            return []
        return parts.modifier_actors(view, frame.token, with_preps=False) or \
            by_phrase(view, frame.token)
    verb = frame.verb
    tokens, _ = subject_tokens(verb)
    found: list[Participant] = []
    for tok in tokens:
        found.extend(parts.actors(view, tok, reporter))
    return found


def by_phrase(view: ArticleView, noun: Token) -> list[Participant]:
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "by":
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    return parts.actors(view, obj)
    return []


def targets_of(view: ArticleView, frame: Frame) -> list[Participant]:
    """The recipient, from the closest evidence to the loosest; the first that names an
    actor wins: the object (or a passive's subject), the trigger's own recipient
    prepositions, the owner of a non-actor object or another preposition, what a verbal act
    is about, whoever a threat's condition names, where a material event took place."""
    reporter = reporter_of(view, frame.head)
    tok, verb = frame.token, frame.verb
    # a trigger that names its recipient's prepositions ("talk with") takes no others
    generic = () if frame.hit.preps else GENERIC_PREPS
    tiers: list[Callable[[], list[Participant]]] = []
    if tok.pos_ == "VERB":
        subj = passive_subject(tok)
        tiers.append(lambda: (parts.actors(view, subj, reporter) if subj is not None else [])
                     + objects(view, tok, reporter, skip=None))
        tiers.append(lambda: prep_actors(view, tok, frame.hit.preps, reporter, deep=False))
        tiers.append(lambda: owners(view, tok, reporter)
                     + known(prep_actors(view, tok, generic, reporter, deep=False)))
        tiers.append(lambda: known(prep_actors(view, tok, frame.hit.preps + generic,
                                               reporter)))
    else:
        # "artillery, mortar and rocket fire against X": the last conjunct carries the
        # recipient of them all
        tiers.append(lambda: [p for n in (tok, *tok.conjuncts)
                              for p in prep_actors(view, n, frame.hit.preps, reporter,
                                                   deep=False)])
        if verb is not None:
            tiers.append(lambda: objects(view, verb, reporter, skip=tok)
                         + prep_actors(view, verb, frame.hit.preps, reporter, deep=False))
            tiers.append(lambda: known(prep_actors(view, verb, generic, reporter, deep=False)))
        tiers.append(lambda: known([p for n in (tok, *tok.conjuncts)
                                    for p in prep_actors(view, n, generic, reporter)]))
    if "speech" in frame.hit.flags:
        tiers.append(lambda: content_targets(view, tok, reporter,
                                             asks=frame.plover.event in ASKING))
        if verb is not None and verb != tok:  # "reiterated its demand that Israel ease …"
            tiers.append(lambda: content_targets(view, verb, reporter,
                                                 asks=frame.plover.event in ASKING))
    content = frame.content
    if content is not None and content.head != frame.head:
        tiers.append(lambda: content_targets(view, content.head, reporter)
                     if content.token.pos_ == "VERB" else
                     prep_actors(view, content.token, GENERIC_PREPS, reporter))
    if frame.plover.event == "THREATEN":
        tiers.append(lambda: condition_subjects(view, frame.head, reporter))
    # last, the nearest named actor anywhere in what the trigger governs ("denounced as an
    # ugly crime Serbia's suppression", "suspended part of a military aid program for
    # Bosnia", "rioted at this jail in northern Israel")
    tiers.append(lambda: nearest_governed(view, tok, verb, reporter, frame.sources))
    # a bare group ("arrested 12 demonstrators") only as the direct object, never from a
    # looser place ("the development of small aircraft")
    bare = [p for p in tiers[0]() if not parts.anchored(p)] if tok.pos_ == "VERB" else []
    if len(frame.sources) > 1 and "recip" in frame.hit.flags:
        # "Palestinians and Israelis failed to reach agreement on the fate of offices in east
        # Jerusalem": parties acting together (the manual's one actor list) have a
        # recipient only where the words name one beside them ("agreed with Egypt")
        tiers = tiers[:2]
    own = {p.country for p in frame.sources if p.country}
    for tier in tiers:
        named = named_only(tier())
        if frame.plover.event == "THREATEN":
            # "warned that Beijing would retaliate if Australia …": no one threatens their
            # own country
            named = [p for p in named if not (p.country in own and (
                p.type == "COUNTRY" or p.sector == "government"))]
        if named:
            return named
    if quads()[frame.plover.event] in (1, 3):
        return []  # "will invite the ministers": a verbal act's recipient is named
    if frame.plover.event in OWN_FORCE:
        # "mobilized reservists", "withdrew troops from the border": one's own forces are
        # what is moved, not whom it is aimed at
        return [p for p in bare if p.sector != "military"]
    return bare


# Steps from a trigger into what it governs: its objects, prepositions, complements and
# purpose; never its subject, a relative or adverbial clause with a subject of its own, or
# a coordinated verb (another event).
GOVERNED_DEPS = ("dobj", "dative", "nsubjpass", "prep", "pobj", "xcomp", "ccomp", "compound",
                 "poss", "amod", "nmod", "acl", "appos", "attr", "oprd", "pcomp")
GOVERNED_DEPTH = 6


def nearest_governed(view: ArticleView, tok: Token, verb: Token | None,
                     reporter: list[Participant], sources: list[Participant]
                     ) -> list[Participant]:
    """The named actors closest (in dependency steps) below the trigger, and below the verb
    that carries a noun trigger, other than the source; breadth first, the first level that
    names one wins."""
    start = [tok] + ([verb] if verb is not None and verb != tok else [])
    seen = {t.i for t in start}
    level = start
    for _ in range(GOVERNED_DEPTH):
        nxt: list[Token] = []
        for t in level:
            for c in t.children:
                if c.i in seen or not (c.dep_ in GOVERNED_DEPS or purpose(c)) or \
                        (c.dep_ == "prep" and c.lower_ in cue("absent")):
                    continue  # "resign without returning to Kyrgyzstan": not its recipient
                seen.add(c.i)
                nxt.append(c)
        found = [p for c in nxt if c.pos_ != "VERB"
                 for p in parts.actors(view, c, reporter)
                 if parts.anchored(p) and not any(parts.same(p, s) for s in sources)]
        if found:
            return found
        level = nxt
    return []


def purpose(tok: Token) -> bool:
    """"… to demand the return of property": a purpose clause without its own subject."""
    return tok.dep_ == "advcl" and not any(c.dep_ in SUBJECT_DEPS for c in tok.children) \
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def known(found: list[Participant]) -> list[Participant]:
    """From loose evidence (any preposition), only actors the knowledge base knows: "welcome
    you to Tokyo" does not make Tokyo the recipient."""
    return [p for p in found if p.entity_id or p.country]


def best(found: list[Participant]) -> list[Participant]:
    """Named actors when there are some; a bare "troops" next to a named recipient is the
    thing given, not the one it is given to."""
    named = [p for p in found if parts.anchored(p)]
    return named or found


def objects(view: ArticleView, verb: Token, reporter: list[Participant], skip: Token | None
            ) -> list[Participant]:
    """Dative and direct object, when they are actors."""
    found: list[Participant] = []
    for c in verb.children:
        if c.dep_ in ("dative", "dobj") and c != skip:
            found += parts.actors(view, c, reporter)
    for prt in (c for c in verb.children if c.dep_ == "prt" and c.lower_ == "up"):
        # "kidnapped up to 16 advisers", parsed as the particle "up" and the preposition "to"
        found += [p for prep in prt.children if prep.dep_ == "prep" and prep.lower_ == "to"
                  for obj in prep.children if obj.dep_ == "pobj"
                  for p in parts.actors(view, obj, reporter)]
    if not any(c.dep_ == "dobj" for c in verb.children):
        # "allowed candidate X to participate", parsed with X the subject of the complement
        for comp in verb.children:
            if comp.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ == "to"
                                            for a in comp.children):
                for subj in (c for c in comp.children if c.dep_ == "nsubj"):
                    found += parts.actors(view, subj, reporter)
    return found


def owners(view: ArticleView, verb: Token, reporter: list[Participant]) -> list[Participant]:
    """The actor a non-actor object belongs to: "Haiti's efforts", "a US offer", "aid to
    Romania"."""
    found: list[Participant] = []
    for c in verb.children:
        if c.dep_ in ("dative", "dobj") and not parts.actors(view, c, reporter):
            found += parts.modifier_actors(view, c, with_preps=False)
            found += prep_actors(view, c, OBJECT_PREPS, reporter, deep=False)
    return found


def condition_subjects(view: ArticleView, verb: Token, reporter: list[Participant]
                       ) -> list[Participant]:
    """A threat is aimed at whoever must act to avoid it: "… unless Israel rescinded",
    "… if the United States goes ahead"."""
    found: list[Participant] = []
    for tok in verb.subtree:
        if tok.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in cue("hypothetical")
                                       for m in tok.children):
            for subj in (c for c in tok.children if c.dep_ == "nsubj"):
                found += parts.actors(view, subj, reporter)
    return found


# Verbal acts aimed at whoever must do what they are about ("demanded that the US cancel");
# in "we agreed that we will …" the complement's subject is the agreeing side itself.
ASKING = ("REQUEST", "THREATEN", "REJECT", "ACCUSE")


def content_targets(view: ArticleView, verb: Token, reporter: list[Participant],
                    asks: bool = True) -> list[Participant]:
    """Whom a verbal act is about, from its complement: the one asked ("demanded that the
    US cancel"), else the one the promised or threatened deed is for ("promised to continue
    military aid to Mozambique")."""
    for comp in complements(verb):
        if comp.dep_ != "xcomp" and asks:
            subj = next((c for c in comp.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                asked = parts.actors(view, subj, reporter)
                if asked:
                    return asked
        subj = passive_subject(comp)
        for found in ((parts.actors(view, subj, reporter) if subj is not None else [])
                      + objects(view, comp, reporter, skip=None),
                      owners(view, comp, reporter),
                      prep_actors(view, comp, GENERIC_PREPS, reporter, deep=False),
                      prep_actors(view, comp, GENERIC_PREPS, reporter),
                      content_targets(view, comp, reporter, asks),
                      located(view, comp)):
            if best(found):
                return best(found)
        return []
    return []


def complements(verb: Token) -> list[Token]:
    """The clauses saying what a verbal act is about: "to deploy …", "that X provide …",
    "for the US [to] support …", "its demands that X grant …"."""
    found = []
    for c in verb.children:
        clause = c.dep_ in ("xcomp", "ccomp", "acl") and c.pos_ in ("VERB", "AUX")
        purpose = c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("for", "that")
                                            for m in c.children)
        if clause or purpose:
            found.append(c)
        elif c.dep_ in ("dobj", "prep"):
            nouns = [c] if c.dep_ == "dobj" else [g for g in c.children if g.dep_ == "pobj"]
            found += [g for n in nouns for g in n.children
                      if g.dep_ in ("acl", "ccomp") and g.pos_ in ("VERB", "AUX")]
    return found


PLACE_LABELS = ("GPE", "LOC", "FAC")


def located(view: ArticleView, head: Token) -> list[Participant]:
    """Where a deed happens, named as a place: "deploy peacekeepers in Iraq", "a curfew in
    the town of Cizre", "marched through Santiago"."""
    found: list[Participant] = []
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in cue("located_preps"):
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                if obj.ent_type_ in PLACE_LABELS:
                    found += parts.actors(view, obj)
                else:  # "the town of Cizre"
                    found += [p for n in parts.partitive(obj) if n.ent_type_ in PLACE_LABELS
                              for p in parts.actors(view, n)]
    return found


def prep_actors(view: ArticleView, head: Token, preps: tuple[str, ...],
                reporter: list[Participant], deep: bool = True) -> list[Participant]:
    found: list[Participant] = []
    children = [c for c in head.children if c.dep_ in ("prep", "dative")]
    for word in preps:
        for prep in children:
            if prep.lower_ != word:
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                direct = parts.actors(view, obj, reporter)
                if direct or not deep:
                    found += direct
                    continue
                # "reneged on his commitment to the Zambian people", "over Israeli raids"
                found += parts.modifier_actors(view, obj, with_preps=False)
                found += prep_actors(view, obj, OBJECT_PREPS, reporter, deep=False)
    return found


def location_actors(view: ArticleView, frame: Frame) -> list[Participant]:
    """CAMEO's convention for a material event with no other recipient: where it happened
    ("imposed a curfew in Cizre")."""
    found: list[Participant] = []
    heads = [frame.token] + ([frame.verb] if frame.verb is not None else [])
    # "killed 23 people when they blew themselves up in Tel Aviv": the clause saying when
    heads += [c for h in heads for c in h.children if c.dep_ == "advcl"
              and any(m.dep_ in ("advmod", "mark") and m.lower_ in cue("when") for m in c.children)]
    for head in heads:
        found += located(view, head)
    return found


# --- 4: what the words make of it ---------------------------------------------------------

def finish(view: ArticleView, frame: Frame, year: int | None) -> Event | None:
    quote = frame.quote
    # past tense in a speaker's own words is a recollection; in a report ("X said Y
    # happened") it is the news itself
    recalled = quote is not None and quote.kind in ("direct", "turn", "mixed")
    sent = view.sentence(frame.token)
    frame.modality = read(frame.token, frame.verb, recalled, year, sent, view.ents_in(sent))
    m = frame.modality
    if view.sentence(frame.token).text.rstrip().rstrip("”\"’'").endswith("?"):
        return None  # a question asserts nothing
    found = distinct(sources_of(view, frame), [])
    frame.sources = named_only(found) or placed(view, frame, found) or \
        authorities(view, frame)
    placed_here = bool(frame.sources) and not named_only(found)
    if placed_here:
        frame.inferred.append("source")  # its country, from the place
    state = is_state(frame.sources)
    if ("state" in frame.hit.flags and not state) or ("nonstate" in frame.hit.flags and state):
        return None
    if state and frame.plover.event == "PROTEST" and frame.hit.origin != "sayso":
        # PLOVER's protests are civilians'; a state that "denied entry" or "blocked" a
        # passage, read off PETRARCH2's patterns, did something else
        return None
    if "/" in frame.hit.code:
        r = reading(frame.hit.code, state)
        if r is None:
            return None
        frame.plover, frame.code = r[0], r[1] or ""
    frame.targets = [t for t in recipients(distinct(targets_of(view, frame), frame.sources))
                     if not own_side(view, frame, t)]
    if placed_here:  # "gunmen kidnapped three aid workers in Nigeria": not Nigeria
        where = {(p.start, p.end) for p in places_of(view, frame)}
        frame.targets = [t for t in frame.targets if (t.start, t.end) not in where] or (
            objects(view, frame.token, [], skip=None) if frame.token.pos_ == "VERB" else [])
    event, mode, cameo = frame.plover.event, frame.plover.mode, frame.code or None
    context = list(frame.plover.context)
    if vowed_force(frame):
        # "vowed to attack Israel", "swore to fight": promising force is threatening it
        event, cameo = "THREATEN", None
    if frame.content is not None:
        mode = mode_for(event, frame.content.plover) or mode
        context += [c for c in frame.content.plover.context if c not in context]
    time: EventTime | None = None
    negated = m.negated
    if "permit" in frame.hit.flags and (negated or harmful(frame.content)):
        return None  # "would not allow Russians to be shot": no concession, not a refusal
    if m.obligation:
        asked = requested(view, frame)
        if asked is None:
            return None
        frame.sources, frame.targets = asked
        mode = mode_for("REQUEST", frame.plover) or None
        event, cameo, negated = "REQUEST", None, False
    elif poised(view, frame, m):
        # the manual's MOBILIZE: "military posturing falls short of actual use of force";
        # told by others, not announced by the actor itself (that is THREATEN)
        event, mode, cameo = "MOBILIZE", None, None
    elif m.future or m.failure or (m.conditional and not m.hypothetical):
        event, mode, time, negated = intended(event, mode, frame, m)
        cameo = None if event != frame.plover.event else cameo
    if m.hypothetical:
        time = "hypothetical"
    elif time is None and m.past:
        time = "past"
    if quads()[frame.plover.event] in (2, 4) and not named_only(frame.targets) and \
            not placed_here:  # a group placed there does not act on the place
        # no recipient, or only a bare group ("killed 23 people"): where it happened
        frame.targets = named_only(distinct(location_actors(view, frame), frame.sources)) \
            or frame.targets
    if "solo" in frame.hit.flags or frame.plover.event == "PROTEST":
        # however it is worded ("blocked roads in Algiers" is PETRARCH2's protest)
        frame.targets = [t for t in frame.targets if not mere_place(view, frame, t)]
    elif quads()[frame.plover.event] in (1, 3) and not (
            frame.content is not None and quads()[frame.content.plover.event] in (2, 4)):
        # "Belarus will invite the ministers to Minsk": a place of one's own country is
        # where, not whom (a foreign one may be the host: "arrived in Seoul for a visit";
        # a threatened or promised deed keeps its place: "threatened a curfew in Algiers")
        frame.targets = [t for t in frame.targets if not (
            mere_place(view, frame, t) and any(s.country == t.country for s in frame.sources))]
    from sayso.events.discourse import fill_implicit

    fill_implicit(view, frame, negated or time == "hypothetical")
    # an actor never acts on itself, whichever step named it twice ("the United States and
    # Canada work together and lead together": not Canada → Canada)
    frame.targets = [t for t in frame.targets if not any(
        parts.same(t, s) or (t.text == s.text and t.country == s.country)
        for s in frame.sources)]
    if not acceptable(frame, event):
        return None
    return make_event(view, frame, event, mode, context, cameo, time, negated)


def mere_place(view: ArticleView, frame: Frame, target: Participant) -> bool:
    """Where a protest, a riot or a surrender happens is its recipient only when that is a
    foreign country ("Palestinian prisoners rioted in a jail in northern Israel"), not a town
    ("surrendered in Soroti", "blocked roads in Algiers") or the actors' own country."""
    words = view.doc.char_span(target.start, target.end, alignment_mode="expand")
    if words is None or not (any(t.ent_type_ in PLACE_LABELS for t in words) or
                             reached_by_place(words.root, frame)):
        return False
    if not (target.entity_id or "").startswith("country:"):
        return True
    return any(s.country == target.country for s in frame.sources)


def reached_by_place(tok: Token, frame: Frame) -> bool:
    """"surrendered in the eastern town in Soroti": the words hang from the event through a
    preposition of place."""
    stops = {frame.token.i} | ({frame.verb.i} if frame.verb is not None else set())
    while tok.head != tok and tok.i not in stops:
        if tok.dep_ == "prep" and tok.lower_ in cue("place_preps"):
            return True
        tok = tok.head
    return False


def own_side(view: ArticleView, frame: Frame, target: Participant) -> bool:
    """"I agree that we must …": a "we" that includes the speaker is no recipient of the
    speaker's own act."""
    if target.text.lower() not in cue("pronoun_we"):
        return False
    speaker = view.speaker(frame.quote)
    return any(s.country and s.country == target.country for s in frame.sources) or (
        speaker is not None and any(s.entity_id == speaker.id for s in frame.sources))


def placed(view: ArticleView, frame: Frame, found: list[Participant]) -> list[Participant]:
    """A bare group ("Thousands of protesters marched in Paris", "gunmen kidnapped … in
    northern Nigeria") is of the country where it acts, when the words name that place and
    the knowledge base knows its country (CAMEO's convention for unnamed domestic actors)."""
    groups = [p for p in found if p.sector and not parts.anchored(p)]
    if not groups or len(groups) != len(found):
        return []
    countries = {c for p in places_of(view, frame) if (c := parts.place_country(p))}
    if len(countries) != 1:
        return []
    (country,) = countries
    return [replace(p, country=country, type="GROUP") for p in groups]


STATE_ACTS = ("COERCE", "ACCUSE", "SANCTION")


def authorities(view: ArticleView, frame: Frame) -> list[Participant]:
    """"A missionary was arrested in Lebanon": an arrest, a charge or an expulsion in the
    passive with no agent is done by the authorities of the country where it happens."""
    verb = frame.verb
    if verb is None or frame.plover.event not in STATE_ACTS or passive_subject(verb) is None \
            or any(c.dep_ == "agent" for c in verb.children):
        return []
    # "was put under investigation in Italy": the place may hang on the event noun
    heads = [verb] + ([frame.token] if frame.token != verb else [])
    places = [p for h in heads for p in located(view, h) if parts.place_country(p)]
    countries = {parts.place_country(p) for p in places}
    if len(countries) != 1:
        return []
    return [replace(places[0], country=countries.pop(), sector="government")]


def places_of(view: ArticleView, frame: Frame) -> list[Participant]:
    """Where it happens, or where what it is done to is ("boycotted the elections in
    Bangladesh")."""
    return location_actors(view, frame) + [
        p for o in (frame.verb.children if frame.verb is not None else ())
        if o.dep_ == "dobj" for p in located(view, o)]


def named_only(found: list[Participant]) -> list[Participant]:
    """Trust first: a bare "people" or "officials" is no actor a record can name."""
    return [p for p in found if parts.anchored(p)]


def recipients(found: list[Participant]) -> list[Participant]:
    """Named recipients; else the group the words name ("arrested 12 demonstrators"): true,
    if no actor of the record's dyads (it carries no actor id)."""
    return named_only(found) or found


def is_state(sources: list[Participant]) -> bool:
    """A country, a government, an official: a diplomatic protest, not a demonstration.
    A people named by its demonym ("Albanians demonstrated"), or a country's group of
    another sector ("Fijian rebels"), is not the state."""
    return any((p.type == "COUNTRY" and p.sector is None and not demonym(p))
               or p.sector in STATE_SECTORS
               for p in sources)


def demonym(p: Participant) -> bool:
    return p.text.endswith("s") and p.name is not None and p.text.lower() != p.name.lower() \
        and not p.text.lower().endswith(p.name.lower())


def distinct(found: list[Participant], exclude: list[Participant]) -> list[Participant]:
    """Each actor once, none of those in ``exclude`` (an actor does not act on itself)."""
    out: list[Participant] = []
    for p in found:
        if not any(parts.same(p, q) for q in out + exclude):
            out.append(p)
    return out


def mode_for(act: str, content: Plover) -> str | None:
    table = content_modes()
    return table.get((act, content.event, content.mode or "")) or \
        table.get((act, content.event, ""))


def requested(view: ArticleView, frame: Frame) -> tuple[list[Participant],
                                                         list[Participant]] | None:
    """"Y must do Z", said by X: X requests of Y. Only when X is known and is not Y's side."""
    reporter = reporter_of(view, frame.head)
    if not reporter or not frame.sources:
        return None
    sides = {p.country for p in reporter if p.country}
    if any(parts.same(r, s) for r in reporter for s in frame.sources) or \
            any(s.type == "COUNTRY" and s.country in sides for s in frame.sources):
        return None  # the speaker, or the speaker's own country, is among those obliged
    return reporter, frame.sources


def intended(event: str, mode: str | None, frame: Frame, m: Modality
             ) -> tuple[str, str | None, EventTime | None, bool]:
    """Promised, refused or announced: PLOVER codes the verbal act, not the deed."""
    quad = quads()[event]
    if event in ("RETREAT", "CONCEDE"):
        if m.negated or m.failure:
            return "REJECT", "yield", None, False
        return "CONCEDE", None, None, False
    if quad in COOPERATIVE:
        if m.negated or m.failure:
            return "REJECT", mode_for("REJECT", frame.plover), None, False
        if event == "AGREE":
            return event, mode, None, False
        return "AGREE", None, None, False
    if m.failure:
        # "failed to attack", "are failing to uphold a ban": the deed did not happen, and
        # failing is no threat of it
        return event, mode, None, True
    if quad == 4 and not m.negated:
        return "THREATEN", mode_for("THREATEN", frame.plover), None, False
    return event, mode, "future", m.negated


def poised(view: ArticleView, frame: Frame, m: Modality) -> bool:
    """"The army prepared to resume shelling": an attack being readied, in narration or
    reported by someone other than the attacker."""
    if not m.readiness or m.negated or m.hypothetical or frame.plover.event != "ASSAULT":
        return False
    reporter = reporter_of(view, frame.head)
    return not any(parts.same(r, s) for r in reporter for s in frame.sources)


def vowed_force(frame: Frame) -> bool:
    """A promise whose complement (or object: "vowed revenge") is itself a use of force, not
    negated ("vowed not to attack" is no threat; "agreed to lift embargoes" promises no embargo)."""
    content = frame.content
    return frame.plover.event == "AGREE" and "speech" in frame.hit.flags and \
        content is not None and quads()[content.plover.event] == 4 and \
        content.token.head == frame.token and (
            content.token.pos_ == "VERB" or content.token.dep_ == "dobj") and \
        content.hit.origin == "sayso" and \
        not any(c.dep_ == "neg" for c in content.head.children)


def harmful(content: Frame | None) -> bool:
    return content is not None and quads()[content.plover.event] >= 3


def acceptable(frame: Frame, event: str) -> bool:
    """Trust first: a known source, and a target unless the event needs none."""
    if not frame.sources:
        return False
    if frame.targets:
        return True
    if frame.plover.event == "CONSULT" and frame.token.pos_ == "NOUN" and \
            len(frame.sources) < 2:
        # "ready to hold broad public discussions", "begin our conversation": talks with
        # no one named on the other side are no consultation, nor a promise of one
        return False
    # "A and B met", "Russia and Belarus pledge to create …": PLOVER's joint actors
    reciprocal = len(frame.sources) > 1 and ("recip" in frame.hit.flags or
                                             quads()[event] in COOPERATIVE)
    solo = "solo" in frame.hit.flags or (frame.content is not None and
                                         "solo" in frame.content.hit.flags)
    if reciprocal or solo:
        return True
    # PLOVER's recipient is optional for most types ("the entity to whom the event is
    # directed, if this is clear"; the manual's "Requires recipient"): a named actor doing
    # what sayso's own lexicon names is an event without one. A word only PETRARCH2's
    # patterns code needs a recipient to be trusted, and so, stricter than the manual, do a
    # threat and a consultation ("we will stand back to back and shoot back together")
    # a promised consultation or aid needs its counterpart as much as the deed does ("we
    # will come to discuss the tax manoeuvre" promises no one anything)
    needing = needs_recipient() | set(NEEDS_RECIPIENT)
    return event not in needing and frame.plover.event not in needing and \
        frame.hit.origin == "sayso" and (
        frame.content is None or frame.content.hit.origin == "sayso")


def make_event(view: ArticleView, frame: Frame, event: str, mode: str | None,
               context: list[str], cameo: str | None, time: EventTime | None,
               negated: bool) -> Event:
    start, end = evidence(view, frame.token, frame.quote)
    text = view.text
    tok = frame.token
    speaker = view.speaker(frame.quote)
    kind: EventKind = "statement" if speaker is not None and any(
        s.entity_id == speaker.id for s in frame.sources) else "action"
    context = context + [c for c in words_context(view, frame) if c not in context]
    return Event(
        id="", event=event, source=frame.sources, target=frame.targets, start=start, end=end,
        text=text[start:end], mode=mode, context=context, quad=quads()[event],
        score=score(event, mode), time=time, negated=negated,
        date=view.article.published.date().isoformat() if view.article.published else None,
        statement=frame.quote.id if frame.quote else None, kind=kind,
        trigger=Span(tok.idx, tok.idx + len(tok.text), tok.text), cameo=cameo,
        confidence=0.6 if frame.inferred else 0.8, inferred=list(frame.inferred))


def words_context(view: ArticleView, frame: Frame) -> list[str]:
    from sayso.events.lexicon import contexts

    table = contexts()
    found: list[str] = []
    for tok in view.sentence(frame.token):
        c = table.get(tok.lemma_.lower())
        if c and c not in found:
            found.append(c)
    return found


def evidence(view: ArticleView, tok: Token, quote: Quote | None) -> tuple[int, int]:
    """The sentence of the trigger, inside its statement when it has one."""
    sent = view.sentence(tok)
    start, end = sent.start_char, sent.end_char
    if quote is not None:
        start, end = max(start, quote.start), min(end, quote.end)
    text = view.text
    while end > start and text[end - 1] in " \n\t,;:\"'“”‘’":
        end -= 1
    while start < end and text[start] in " \n\t\"'“”‘’":
        start += 1
    return start, end


# --- 5: tidy --------------------------------------------------------------------------------

def key(e: Event) -> tuple:
    return (e.event, tuple(p.entity_id or (p.start, p.end) for p in e.source),
            tuple(p.entity_id or (p.start, p.end) for p in e.target), e.start, e.negated,
            e.time)


def dedupe(events: list[Event]) -> list[Event]:
    seen: set[tuple] = set()
    out = []
    for e in sorted(events, key=lambda e: (e.start, e.trigger.start if e.trigger else 0)):
        k = key(e)
        if k not in seen:
            seen.add(k)
            out.append(e)
    return out


def number(events: list[Event]) -> list[Event]:
    for n, e in enumerate(events, 1):
        e.id = f"r{n}"
    return events
