"""An analyst's correction from what they typed, checked and recorded in the store.

The CLI (`sayso actors merge|split|rename`, `sayso quotes correct`) and the web's admin
forms both come here: actors are named by id or by a name the store knows, or by a
knowledge-base id the store has not seen yet; quotes by their id or ``ARTICLE:qid``. Each
problem raises ``BadCorrection`` with a message that says what to do.
"""

from __future__ import annotations

import getpass
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sayso.model import as_entity_type
from sayso.store import Store
from sayso.store.corrections import UNKNOWN, BadCorrection, Correction, Kind
from sayso.store.records import QuoteHit

USER_ENV = "SAYSO_USER"
QUOTE_REF = re.compile(r"(?P<article>[0-9a-f]{16})[:#](?P<qid>[\w.-]{1,32})")


@dataclass(frozen=True, slots=True)
class ActorRef:
    id: str
    name: str
    type: str | None


def who_corrects(given: str | None = None) -> str:
    """The name a correction is recorded under: given, else $SAYSO_USER, else the login."""
    name = (given or os.environ.get(USER_ENV) or "").strip()
    if not name:
        try:
            name = getpass.getuser()
        except (OSError, KeyError):  # no login name (a container without a user entry)
            name = "unknown"
    return name[:200]


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


# Ids made from names in articles: an actor of that id may turn up in articles stored
# later, so a correction about one the store has not seen yet is taken.
MADE_FROM_NAMES = ("new:", "name:")


def next_moment(store: Store) -> datetime:
    """When a new correction is recorded: now, but after every correction recorded before
    it. Corrections replay in the order of their time, which the store keeps to the second,
    so two made within one second must not tie."""
    moment = now()
    earlier = store.corrections()
    if earlier and earlier[-1].at >= moment:
        moment = earlier[-1].at + timedelta(seconds=1)
    return moment


def find_actor(store: Store, ref: str, *, unseen_ok: bool = False) -> ActorRef:
    """The actor ``ref`` names: an id the store holds, a name only one stored actor has,
    or an id of the knowledge base (whose record the store then keeps); ``unseen_ok``: a
    ``new:``/``name:`` id not seen yet."""
    ref = ref.strip()
    if not ref:
        raise BadCorrection("an actor is needed: give its id (wd:Q7747) or its name")
    stored = store.get_actor(ref)
    if stored is not None:
        return ActorRef(stored.id, stored.name, stored.type)
    if ":" in ref:
        from sayso.actors.kb import load_kb

        known = load_kb().get(ref)
        if known is not None:
            store.load_actors([known])
            return ActorRef(known.id, known.name, known.type)
        if unseen_ok and ref.startswith(MADE_FROM_NAMES):
            return ActorRef(ref, ref, None)
        raise BadCorrection(
            f"no actor {ref!r} in the store or the knowledge base; "
            "find ids with `sayso actors search NAME` or on the web's Actors page"
        )
    found = store.find_actors(ref, limit=6)
    exact = [a for a in found if a.name.casefold() == ref.casefold()]
    if len(exact) == 1 or len(found) == 1:
        actor = (exact or found)[0]
        return ActorRef(actor.id, actor.name, actor.type)
    if not found:
        raise BadCorrection(f"no stored actor is called {ref!r}; give an actor id")
    names = "; ".join(f"{a.id} ({a.name})" for a in found[:5])
    raise BadCorrection(f"{ref!r} fits several actors: {names}; give one id")


def merge(
    store: Store, source: str, into: str, by: str, note: str | None = None
) -> tuple[Correction, int]:
    """Record that ``source`` and ``into`` are one actor: ``source``'s mentions go to
    ``into``. (Correction as stored, articles rewritten.)"""
    a, b = find_actor(store, source, unseen_ok=True), find_actor(store, into)
    if a.id == b.id:
        raise BadCorrection(f"{a.id} and {b.id} are the same actor")
    return store.correct(
        _correction(
            "merge", next_moment(store), by, note, actor=a.id, target=b.id, name=b.name, type=b.type
        )
    )


def rename(
    store: Store, actor: str, name: str, by: str, note: str | None = None
) -> tuple[Correction, int]:
    a = find_actor(store, actor)
    name = " ".join(name.split())
    if not name:
        raise BadCorrection("the new name is empty")
    return store.correct(
        _correction("rename", next_moment(store), by, note, actor=a.id, name=name[:300])
    )


def split(
    store: Store,
    actor: str,
    *,
    forms: list[str],
    article_id: str | None,
    into: str | None,
    new_name: str | None,
    new_type: str = "PERSON",
    new_country: str | None = None,
    by: str,
    note: str | None = None,
) -> tuple[list[Correction], int]:
    """Move the mentions of ``actor`` that read as one of ``forms`` (and/or that sit in
    article ``article_id``) to actor ``into``, or to a new actor called ``new_name``."""
    a = find_actor(store, actor)
    forms = [f.strip() for f in forms if f.strip()]
    if not forms and not article_id:
        raise BadCorrection("say what moves: a name form (--form) and/or an article (--article)")
    if article_id and store.get_article(article_id) is None:
        raise BadCorrection(f"no article {article_id!r} in the store")
    if (into is None) == (new_name is None or not new_name.strip()):
        raise BadCorrection("say where the mentions go: an actor (--into) or a new one (--new)")
    if into is not None:
        target = find_actor(store, into)
    else:
        target = _new_actor(new_name or "", new_type, new_country)
    if target.id == a.id:
        raise BadCorrection(f"{a.id} cannot be split into itself")
    each: list[str | None] = list(forms) or [None]
    at = next_moment(store)
    made = [
        _correction(
            "split",
            at,
            by,
            note,
            actor=a.id,
            target=target.id,
            name=target.name,
            type=target.type,
            form=form,
            article_id=article_id,
        )
        for form in each
    ]
    return store.add_corrections(made)


def _new_actor(name: str, actor_type: str, country: str | None) -> ActorRef:
    from sayso.actors.importers import user_id

    name = " ".join(name.split())[:300]
    try:
        kind = as_entity_type(actor_type.upper())
    except ValueError as exc:
        raise BadCorrection(str(exc)) from None
    if country and not re.fullmatch(r"[A-Za-z]{3}", country):
        raise BadCorrection(f"country {country!r} is not a three-letter code like USA")
    return ActorRef(user_id(name, country.upper() if country else None, None), name, kind)


def find_quote(store: Store, ref: str) -> QuoteHit:
    """A stored quote by its id (as `sayso quotes --format json` and the web show it) or by
    ``ARTICLE:qid`` (the article id and the quote's id in it, as in the web's links)."""
    ref = ref.strip()
    if ref.isdigit():
        hit = store.get_quote(int(ref))
        if hit is None:
            raise BadCorrection(
                f"no quote {ref} in the store; ids change when an article is re-analysed"
            )
        return hit
    match = QUOTE_REF.fullmatch(ref)
    if match is None:
        raise BadCorrection(f"{ref!r} is not a quote id (a number) nor ARTICLE:qid")
    article = store.get_article(match["article"])
    if article is None:
        raise BadCorrection(f"no article {match['article']!r} in the store")
    for hit in article.quotes:
        if hit.qid == match["qid"]:
            return hit
    raise BadCorrection(f"article {match['article']} has no quote {match['qid']!r}")


def correct_speaker(
    store: Store, quote: str, speaker: str, by: str, note: str | None = None
) -> tuple[Correction, int]:
    """Record who said quote ``quote``: an actor, or ``unknown``."""
    hit = find_quote(store, quote)
    if speaker.strip().casefold() == UNKNOWN:
        target: ActorRef | None = None
    else:
        target = find_actor(store, speaker)
    if (target.id if target else None) == hit.speaker_key:
        raise BadCorrection(f"quote {hit.id} already has that speaker")
    at = next_moment(store)
    return store.correct(
        _correction(
            "speaker",
            at,
            by,
            note,
            actor=hit.speaker_key,
            target=target.id if target else None,
            name=target.name if target else None,
            type=target.type if target else None,
            article_id=hit.article_id,
            start=hit.start,
            end=hit.end,
            words=hit.text,
        )
    )


def _correction(
    kind: Kind,
    at: datetime,
    by: str,
    note: str | None,
    *,
    actor: str | None = None,
    target: str | None = None,
    name: str | None = None,
    type: str | None = None,
    form: str | None = None,
    article_id: str | None = None,
    start: int | None = None,
    end: int | None = None,
    words: str | None = None,
) -> Correction:
    return Correction(
        kind=kind,
        actor=actor,
        target=target,
        name=name,
        type=type,
        form=form,
        article_id=article_id,
        start=start,
        end=end,
        words=words,
        by=by,
        at=at,
        note=" ".join((note or "").split())[:1000] or None,
    )
