"""Who an argument of an event is: the actor(s) a noun phrase, a name or a pronoun names.

A phrase is an actor when it is a resolved mention ("Jordan", "President Mugabe", a "he" the
attribution stage resolved), when a resolved actor modifies an actor noun or the phrase's
head ("Egyptian police", "Haiti's efforts", "rebels in Darfur"), when it is a name spaCy
knows but the knowledge base does not ("Juba"), or an actor noun on its own ("demonstrators").
Coordination gives several ("Iran and Iraq", "Hungarian and Romanian officials"). "We" and
"you" in a statement are the speaker's side and the addressee; "it"/"they" in a reported
clause are the reporter ("Syria says it is willing"). Anything else is not an actor.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from sayso.events.lexicon import actor_nouns, cue
from sayso.events.view import ArticleView, participant
from sayso.model import Participant

MODIFIER_DEPS = ("amod", "compound", "poss", "nmod")
# "rebels in Darfur", "the government of Sindh", "students throughout Indonesia"
MODIFIER_PREPS = ("of", "in", "from", "throughout", "across")
NAME_LABELS = ("GPE", "LOC", "ORG", "NORP", "PERSON", "FAC")
LABEL_TYPES = {"GPE": "COUNTRY", "LOC": "COUNTRY", "FAC": "ORG", "ORG": "ORG", "NORP": "GROUP",
               "PERSON": "PERSON"}
SINGULAR = {"it", "its", "he", "him", "his", "she", "her"}


def actors(view: ArticleView, tok: Token, reporter: list[Participant] | None = None
           ) -> list[Participant]:
    """The actors the phrase headed by ``tok`` names, its conjuncts included."""
    found: list[Participant] = []
    for head in (tok, *tok.conjuncts):
        # "The Federal Minister for Interior Aftab Ahmad Khan Sherpao": the name in
        # apposition names the actor when the head alone does not
        named = head_actors(view, head, reporter)
        if not any(anchored(p) for p in named):
            named = [p for a in head.children if a.dep_ == "appos"
                     for p in head_actors(view, a, reporter)] or named
        appos = [a for a in head.children if a.dep_ == "appos" and a.pos_ in ("NOUN", "PROPN")
                 and a.i > head.i and a.doc[a.left_edge.i - 1].text == ","
                 and not any(t.pos_ in ("VERB", "AUX") for t in a.subtree)]
        if len(named) == 1 and appos and head.pos_ != "PRON":
            # "Kenzo Oshima, the UN Emergency Relief Coordinator": the words of the actor
            # are the name and the title set beside it
            start = min(named[0].start, head.left_edge.idx)
            last = appos[-1].right_edge
            end = max(named[0].end, last.idx + len(last.text))
            named = [replace(named[0], start=start, end=end, text=view.text[start:end])]
        for p in named:
            if not any(same(p, q) for q in found):
                found.append(p)
    return found


def same(a: Participant, b: Participant) -> bool:
    if a.entity_id and b.entity_id:
        return a.entity_id == b.entity_id
    return (a.start, a.end) == (b.start, b.end)


def head_actors(view: ArticleView, head: Token, reporter: list[Participant] | None
                ) -> list[Participant]:
    named = view.named.get(head.i)
    sector = actor_nouns().get(head.lemma_.lower()) or collective_sector(view, head)
    if named is not None:
        several = modifier_actors(view, head, with_preps=False)
        if len(several) > 1:  # "Hungarian and Romanian officials" read as one speaker phrase
            return [_with_sector(p, sector) for p in several]
        return [titled(view, head, view.entity_participant(named))]
    if head.pos_ == "PRON":
        p = pronoun(view, head, reporter)
        return p
    pair = the_two(view, head)
    if pair:
        return pair
    # "Moslem forces in east Bosnia": the actor before the noun says whose they are, the
    # place after it only where they are
    modifiers = modifier_actors(view, head, with_preps=False) or \
        modifier_actors(view, head, with_preps=sector is not None)
    if len(modifiers) == 1 and sector is not None:
        # the actor a modifier names stands for the whole phrase: "The Fijian rebels" are
        # rebels of Fiji, not Fiji; the words of the phrase are the participant's
        return [_with_sector(whole_phrase(view, head, followers(modifiers[0])), sector)]
    if modifiers:
        return [_with_sector(p, sector) for p in modifiers]
    if head.pos_ == "PROPN" and head.ent_type_ in NAME_LABELS:
        return [unknown_name(view, head)]
    if head.pos_ == "PROPN" and not head.ent_type_ and any(
            c.dep_ == "compound" and c.pos_ == "NOUN" and c.lemma_.lower() in actor_nouns()
            for c in head.children):
        # "militant Haroon Rashid Aswad": a name spaCy did not tag, titled by an actor noun
        start = min(c.idx for c in head.children if c.dep_ == "compound")
        person = participant(start, head.idx + len(head.text), view.text, None)
        person.type = "PERSON"
        return [person]
    if sector is not None and head.pos_ == "NOUN":
        found = country_adjectives(view, head, sector) or named_group(view, head, sector)
        if found:
            return found
        for noun in partitive(head):  # "leaders of the Azadliq opposition coalition"
            found = [p for p in head_actors(view, noun, reporter) if anchored(p)]
            if found:
                return found
    if sector is None and head.lemma_.lower() in cue("partitive"):
        for noun in partitive(head):  # "a group of Moroccan diplomats", "thousands of Kurds"
            found = head_actors(view, noun, reporter)
            if found:
                return found
    own = next((c for c in head.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
    if sector is not None and own is not None and head.dep_ in ("nsubj", "nsubjpass"):
        # "Bosnian Serbs said their forces had completed their withdrawal": the forces of
        # whoever reports the clause, as "they" would be
        start, end = head.left_edge.idx, head.idx + len(head.text)
        return [_with_sector(replace(p, start=start, end=end, text=view.text[start:end]),
                             sector) for p in pronoun(view, own, reporter, subject=True)]
    if sector is not None and head.pos_ in ("NOUN", "PROPN") and own is None:
        # "demonstrators", but not "its troops": what an actor has is not another actor
        start, end = head.idx, head.idx + len(head.text)
        return [participant(start, end, view.text, None, sector)]
    return []


def titled(view: ArticleView, head: Token, p: Participant) -> Participant:
    """A person's words with the title before the name: "U.N. mediator Diego Cordovez",
    "Jordan's visiting King Abdullah II"."""
    if p.type != "PERSON" or head.left_edge.idx >= p.start or \
            any(t.pos_ in ("VERB", "PUNCT", "CCONJ") and t.dep_ != "amod"
                for t in head.doc[head.left_edge.i: head.i]):
        return p
    start = head.left_edge.idx
    return replace(p, start=start, text=view.text[start:p.end])


def the_two(view: ArticleView, head: Token) -> list[Participant]:
    """"The two leaders", "both countries": the last two people (or countries) named before
    in the same paragraph, when there are exactly two."""
    kind = cue("pair_people") if head.lemma_.lower() in cue("pair_people") else (
        cue("pair_states") if head.lemma_.lower() in cue("pair_states") else None)
    if kind is None or not any(
            (c.dep_ == "nummod" and c.lower_ == "two") or (c.dep_ in ("det", "predet")
                                                           and c.lower_ == "both")
            for c in head.children):
        return []
    wanted = "PERSON" if kind == cue("pair_people") else "COUNTRY"
    para_start = view.text.rfind("\n\n", 0, head.idx) + 1
    seen: list[str] = []
    for i in sorted(view.named):
        named = view.named[i]
        if named.start < para_start or named.end > head.idx:
            continue
        entity = named.entity
        key = entity.id if wanted == "PERSON" else (entity.country or "")
        if entity.type == wanted and key and key not in seen:
            seen.append(key)
    if len(seen) != 2:
        return []
    start, end = head.left_edge.idx, head.idx + len(head.text)
    out = []
    for key in seen:
        member = view.by_id.get(key) if wanted == "PERSON" else view.country_entity(key)
        if member is None:
            return []
        out.append(participant(start, end, view.text, member))
    return out


def collective_sector(view: ArticleView, head: Token) -> str | None:
    """A collective noun takes the sector of the actor noun before it: "opposition groups",
    "rebel factions" (a bare "group" names no one)."""
    if head.lemma_.lower() not in cue("collective"):
        return None
    nouns = actor_nouns()
    return next((nouns[c.lemma_.lower()] for c in head.children
                 if c.dep_ in ("compound", "amod") and c.i < head.i and c.i not in view.named
                 and c.lemma_.lower() in nouns), None)


def followers(p: Participant) -> Participant:
    """A group named after a person ("supporters of Ahmed Ben Bella", "Mugabe's police") is
    not that person: a group of the person's country."""
    if p.type != "PERSON":
        return p
    return Participant(p.start, p.end, p.text, type="GROUP", country=p.country)


def whole_phrase(view: ArticleView, head: Token, p: Participant) -> Participant:
    """``p`` at the words of the noun phrase headed by ``head``: from its first word to the
    head, or to the actor's name when it follows ("Opposition groups in Zimbabwe")."""
    start = min(head.left_edge.idx, p.start)
    end = max(head.idx + len(head.text), p.end)
    return replace(p, start=start, end=end, text=view.text[start:end])


def country_adjectives(view: ArticleView, head: Token, sector: str) -> list[Participant]:
    """"Ghanaian authorities" when the analysis left "Ghanaian" unlinked: the knowledge
    base's adjectives and demonyms give the country (no actor id: not a resolved mention)."""
    from sayso.actors import load_kb
    from sayso.actors.describe import country_of_phrase
    from sayso.actors.normalise import norm

    found = []
    for mod in head.children:
        if mod.dep_ in ("amod", "compound", "nmod") and mod.pos_ in ("ADJ", "PROPN"):
            code = country_of_phrase(load_kb(), norm(mod.text))
            if code:
                start, end = mod.idx, head.idx + len(head.text)
                found.append(Participant(start, end, view.text[start:end], type="GROUP",
                                         country=code, sector=sector))
    return found


def named_group(view: ArticleView, head: Token, sector: str) -> list[Participant]:
    """An actor noun with a proper name in it ("Hezbollah guerrillas", "the Azadliq
    (Freedom) opposition coalition"): a named group the knowledge base does not know."""
    names = [c for c in head.children if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN"
             and c.idx < head.idx]
    if not names:
        return []
    start, end = names[0].left_edge.idx, head.idx + len(head.text)  # "Ivory Coast rebels"
    return [Participant(start, end, view.text[start:end], type="GROUP", sector=sector)]


def partitive(head: Token) -> list[Token]:
    return [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children if g.dep_ == "pobj"]


def _with_sector(p: Participant, sector: str | None) -> Participant:
    if sector and (p.type in ("COUNTRY", "GROUP") or p.sector is None):
        p.sector = sector
    return p


def modifier_actors(view: ArticleView, head: Token, with_preps: bool) -> list[Participant]:
    """Actors modifying a noun: "Egyptian" police, "Haiti's" efforts, rebels "in Darfur"."""
    found: list[Participant] = []
    mods = [c for c in head.children if c.dep_ in MODIFIER_DEPS]
    # "US Predator attacks": the owner of a compound noun; "Vietnamese-led forces": who leads
    mods += [g for c in mods if c.i not in view.named and (
        (c.dep_ == "compound" and c.pos_ == "NOUN") or c.lemma_.lower() in cue("led"))
        for g in c.children if g.dep_ in ("compound", "npadvmod") and g.i < c.i]
    if with_preps:
        mods += [g for c in head.children if c.dep_ == "prep" and c.lower_ in MODIFIER_PREPS
                 for g in c.children if g.dep_ == "pobj"]
    for mod in mods:
        for m in (mod, *mod.conjuncts):
            named = view.named.get(m.i)
            if named is not None and named.start <= head.idx < named.end:
                named = None  # a mention of the whole phrase, not of this modifier
            if m.pos_ == "PRON":
                continue  # "our partners", "its forces": whose, not who
            if named is not None and not any(p.entity_id == named.entity.id for p in found):
                found.append(view.entity_participant(named))
            elif named is None and m.pos_ == "PROPN" and m.ent_type_ in NAME_LABELS and \
                    m.dep_ != "compound":
                # "demonstrators in Baghdad", "rebels in the Ivory Coast": a name the
                # knowledge base does not link still says where the group is from
                p = unknown_name(view, m)
                if not any(same(p, q) for q in found):
                    found.append(p)
            elif named is None and m.pos_ == "PROPN" and not m.ent_type_:
                # "US Predator attacks": a country's short name spaCy did not tag
                p = unknown_name(view, m)
                p.country = country_code(m.text)
                if p.country:
                    p.type = "COUNTRY"
                    if not any(same(p, q) for q in found):
                        found.append(p)
    return found


def place_country(p: Participant) -> str | None:
    """The country of a named place: its own, else the country whose capital or seat of power
    the words name ("Paris", "Kabul")."""
    if p.country:
        return p.country
    from sayso.actors import load_kb
    from sayso.actors.normalise import norm

    kb = load_kb()
    for words in (p.text, p.text.removeprefix("the ").removeprefix("The ")):
        for actor_id in kb.by_alias.get(norm(words), ()):
            actor = kb.actors.get(actor_id)
            if actor is not None and actor.source == "countries" and actor.country:
                return actor.country
    return None


def country_code(words: str) -> str | None:
    """The country the knowledge base knows by these words ("US", "Vietnamese"), if any."""
    from sayso.actors import load_kb
    from sayso.actors.describe import country_of_phrase
    from sayso.actors.normalise import norm

    return country_of_phrase(load_kb(), norm(words))


def unknown_name(view: ArticleView, head: Token) -> Participant:
    """A name the knowledge base does not know (a town, a small group): its words only."""
    ent = view.ent_at(head)
    start, end = (ent.start_char, ent.end_char) if ent is not None else \
        (head.idx, head.idx + len(head.text))
    p = participant(start, end, view.text, None)
    p.type = LABEL_TYPES.get(head.ent_type_)
    if head.ent_type_ in ("GPE", "NORP"):
        from sayso.actors import load_kb
        from sayso.actors.describe import country_of_phrase
        from sayso.actors.normalise import norm

        words = view.text[start:end]
        p.country = country_of_phrase(load_kb(), norm(words)) or country_of_phrase(
            load_kb(), norm(words.removeprefix("the ").removeprefix("The ")))
        if head.ent_type_ == "GPE" and not p.country:
            p.country = place_country(p)  # a capital: "Beijing" is China's
    return p


def pronoun(view: ArticleView, tok: Token, reporter: list[Participant] | None,
            subject: bool = False) -> list[Participant]:
    low = tok.lower_
    quote = view.quote(tok)
    if quote is not None and low in cue("pronoun_we"):
        p = view.we_of(quote, tok)
        return [p] if p else []
    if quote is not None and low in cue("pronoun_you"):
        p = view.addressee(quote, tok)
        return [p] if p else []
    if reporter and low in cue("pronoun_third") and agrees(low, reporter) and \
            (subject or tok.dep_ in ("nsubj", "nsubjpass")) and \
            (quote is None or quote.kind == "indirect"):
        # only the subject of reported speech: in "X said it would …" "it" is X; in X's own
        # words "they" is someone else
        return [p for p in reporter if p.end - p.start > len(tok.text) or p.entity_id] \
            or [_at(p, tok) for p in reporter]
    if low in cue("pronoun_third") and tok.dep_ in ("nsubj", "nsubjpass") and \
            (quote is None or quote.kind == "indirect"):
        return antecedent(view, tok)
    return []


def antecedent(view: ArticleView, tok: Token) -> list[Participant]:
    """A subject pronoun of a clause hanging off another is that clause's subject, when it
    agrees: "Rebels … blocked transport as they continued their effort to overthrow …"."""
    clause = tok.head
    for _ in range(3):
        if clause.dep_ not in ("advcl", "conj", "ccomp", "xcomp", "relcl") or \
                clause.head == clause:
            return []
        clause = clause.head
        subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.pos_ == "PRON":
            continue
        found = [p for p in actors(view, subj) if anchored(p)]
        if found and all(agrees_with(tok.lower_, subj, p) for p in found):
            return found
        return []
    return []


def agrees_with(word: str, subj: Token, p: Participant) -> bool:
    """"they" a plural or a group, "he"/"she" a person, "it" a country or an organisation."""
    if word in ("he", "she"):
        return p.type == "PERSON"
    if word == "it":
        return p.type in ("COUNTRY", "ORG") and subj.tag_ not in ("NNS", "NNPS")
    return subj.tag_ in ("NNS", "NNPS") or bool(list(subj.conjuncts)) or \
        p.type in ("GROUP", "ORG", "COUNTRY")


def agrees(pronoun_word: str, reporter: list[Participant]) -> bool:
    if pronoun_word in SINGULAR:
        return len(reporter) == 1
    return True  # "they": a group, a country's people, or several


def _at(p: Participant, tok: Token) -> Participant:
    return replace(p, start=tok.idx, end=tok.idx + len(tok.text), text=tok.text)


def anchored(p: Participant) -> bool:
    """A known actor, a country, or at least a name."""
    return bool(p.entity_id or p.country or p.type)


def resolved(parts: list[Participant]) -> bool:
    """Every participant is a known actor or at least has a country."""
    return bool(parts) and all(p.entity_id or p.country for p in parts)
