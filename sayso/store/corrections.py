"""Analysts' corrections (merge, split, rename, wrong speaker) and how an article takes them.

A correction is a record of its own (who, when, what) kept in the ``corrections`` table and
shared as a JSON-lines file. It never changes the analysis: the store applies every
correction to an analysed article each time it stores it (``CorrectionSet.apply``), so a
fix survives storing the same file again and any later re-analysis.

What a correction keys on is chosen to survive re-analysis of the same text:

- ``merge`` (actor A into B), ``rename`` (A's name) and ``split`` (mentions of A that read
  as a name form, or that sit in one article, go to B) key on A's actor key: the
  knowledge-base id, ``new:…`` id or ``name:…`` key, which resolution gives the same text
  every time;
- ``speaker`` keys on the article's identity (its content hash) and the quote's span, then
  on the quote's words within that article if a newer analyser moved the span.

Corrections are replayed in the order they were made (``at``, then ``id``); their targets
are resolved through earlier merges when they are recorded (``amend.py``), so a replay
needs no look-up. ``apply`` is a pure function of the article and the corrections.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime
from typing import IO, Any, Literal  # Any: a correction as JSON

from sayso.dates import naive_utc, parse_datetime
from sayso.model import Article, Entity, Mention, Quote, as_entity_type
from sayso.store.keys import actor_key, fold, mention_key, short_hash

Kind = Literal["merge", "split", "rename", "speaker"]
KINDS: tuple[Kind, ...] = ("merge", "split", "rename", "speaker")
UNKNOWN = "unknown"  # the word a user gives for "nobody we know said this"


class BadCorrection(ValueError):
    """A correction that cannot be recorded or read; the message says what to fix."""


@dataclass(frozen=True, slots=True)
class Correction:
    """One analyst's correction. ``id`` is a hash of everything else, the same on every
    machine, so importing a file twice, or a colleague's file holding yours, adds nothing."""

    kind: Kind
    actor: str | None  # merge/split/rename: the actor corrected; speaker: who it said before
    target: str | None  # merge/split: where the mentions go; speaker: who said it (None: unknown)
    name: str | None  # the target's name; rename: the new name
    type: str | None  # the target's type (PERSON, ORG, …)
    form: str | None  # split: the name form that moves ("MS. LEAVITT")
    article_id: str | None  # speaker: the quote's article; split: only in this article
    start: int | None  # speaker: the quote's span in the article's text
    end: int | None
    words: str | None  # speaker: the quote's words (found again if the span moved)
    by: str
    at: datetime
    note: str | None = None

    @property
    def id(self) -> str:
        return short_hash(json.dumps(self._fields(), sort_keys=True, ensure_ascii=False))

    def _fields(self) -> dict[str, Any]:
        data = asdict(self)
        data["at"] = self.at.isoformat()
        return data

    def to_dict(self) -> dict[str, Any]:
        """The record as exported (one JSON line): its id first, then every field."""
        return {"id": self.id, **self._fields()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Correction:
        """A record read back from an export; raises ``BadCorrection`` naming what is wrong."""
        if not isinstance(data, dict):
            raise BadCorrection("a correction is a JSON object")
        names = {f.name for f in fields(cls)}
        unknown = set(data) - names - {"id"}
        if unknown:
            raise BadCorrection(f"unknown fields {sorted(unknown)}")
        if data.get("kind") not in KINDS:
            raise BadCorrection(f"kind {data.get('kind')!r} is not one of {', '.join(KINDS)}")
        at = parse_datetime(data.get("at"))
        if at is None or not data.get("by"):
            raise BadCorrection("a correction needs 'by' (who) and 'at' (when, ISO 8601)")
        values: dict[str, Any] = {k: data.get(k) for k in names}
        for key in ("start", "end"):
            if values[key] is not None and not isinstance(values[key], int):
                raise BadCorrection(f"{key} must be a whole number")
        correction = cls(**{**values, "at": naive_utc(at)})
        correction.check()
        if data.get("id") not in (None, correction.id):
            raise BadCorrection(f"id {data['id']!r} does not match its fields (edited by hand?)")
        return correction

    def check(self) -> None:
        """Raise ``BadCorrection`` if a field the kind needs is missing."""
        needs = {
            "merge": ("actor", "target"),
            "split": ("actor", "target", "name"),
            "rename": ("actor", "name"),
            "speaker": ("article_id", "start", "end", "words"),
        }[self.kind]
        missing = [n for n in needs if getattr(self, n) in (None, "")]
        if missing:
            raise BadCorrection(f"a {self.kind} correction needs {', '.join(missing)}")
        if self.kind == "split" and not (self.form or self.article_id):
            raise BadCorrection("a split needs a name form or an article to move")
        if self.type is not None:
            as_entity_type(self.type)

    def describe(self) -> str:
        """One line a person reads: what was corrected."""
        target = f"{self.name} ({self.target})" if self.target else "unknown"
        if self.kind == "merge":
            return f"merged {self.actor} into {target}"
        if self.kind == "rename":
            return f"renamed {self.actor} to {self.name!r}"
        if self.kind == "split":
            which = " ".join(
                part
                for part in (
                    f"mentions {self.form!r}" if self.form else "mentions",
                    f"in article {self.article_id}" if self.article_id else "",
                )
                if part
            )
            return f"split {which} of {self.actor} off to {target}"
        quote = self.words_preview()
        return f"speaker of {quote!r} (article {self.article_id}) set to {target}"

    def words_preview(self, size: int = 60) -> str:
        words = self.words or ""
        return words if len(words) <= size else words[: size - 1] + "…"


def entity_key(entity: Entity) -> str | None:
    return actor_key(entity.id, entity.name, entity.resolved)


class CorrectionSet:
    """The corrections of a store, in replay order, ready to apply to articles."""

    def __init__(self, corrections: Iterable[Correction] = ()) -> None:
        self.items = sorted(corrections, key=lambda c: (c.at, c.id))
        self.actor_keys = {c.actor for c in self.items if c.actor and c.kind != "speaker"}
        self.article_ids = {c.article_id for c in self.items if c.kind == "speaker"}
        # Renames by actor key, the last one winning (for the actor tables).
        self.names = {c.actor: c.name for c in self.items if c.kind == "rename" and c.actor}
        self.merged_into = {c.actor: c.target for c in self.items if c.kind == "merge" and c.actor}

    def final(self, key: str) -> str:
        """Where actor ``key`` ended up after the merges (itself if never merged away)."""
        seen = {key}
        while key in self.merged_into:
            key = self.merged_into[key] or key
            if key in seen:  # a cycle (A into B, later B into A): stop where it closes
                break
            seen.add(key)
        return key

    def __len__(self) -> int:
        return len(self.items)

    def touches(self, article: Article) -> bool:
        """Could any correction change this article? (Every chain of corrections starts
        from a key the article holds, or from a quote in it.)"""
        if not self.items:
            return False
        if article.id in self.article_ids:
            return True
        return not self.actor_keys.isdisjoint(keys_of(article))

    def apply(self, article: Article) -> tuple[Article, dict[str, str]]:
        """The article as corrected (a copy; ``article`` is left alone) and, for each quote
        whose speaker a correction set, its qid → that correction's id."""
        if not self.touches(article):
            return article, {}
        corrected = copy.deepcopy(article)
        marks: dict[str, str] = {}
        for correction in self.items:
            _APPLY[correction.kind](corrected, correction, marks)
        return corrected, marks

    def renamed(self, records: Iterable[object]) -> list[object]:
        """Actor records to store (knowledge-base upserts) with analysts' renames applied:
        the new name, the old one kept as an alias."""
        if not self.names:
            return list(records)
        out: list[object] = []
        for record in records:
            actor_id = _field(record, "id")
            new = self.names.get(actor_id) if isinstance(actor_id, str) else None
            if new is None:
                out.append(record)
                continue
            # records are knowledge-base Actors (to_dict) or mappings (Store.load_actors)
            data = dict(record) if isinstance(record, dict) else record.to_dict()  # type: ignore[attr-defined]
            old = data.get("name")
            aliases = [a for a in data.get("aliases") or [] if a != new]
            data.update(name=new, aliases=[old, *aliases] if old and old != new else aliases)
            out.append(data)
        return out


def _field(record: object, name: str) -> object:
    return record.get(name) if isinstance(record, dict) else getattr(record, name, None)


def keys_of(article: Article) -> set[str]:
    """Every actor key the article's entities, speakers and addressees stand for."""
    by_id = {e.id: e for e in article.entities}
    keys = {k for e in article.entities if (k := entity_key(e))}
    for quote in article.quotes:
        for mention in (quote.speaker, quote.addressee):
            key, _ = mention_key(mention, by_id)
            if key:
                keys.add(key)
    return keys


# --- applying one correction to an article (a copy, changed in place) ---------------------


def _merge(article: Article, c: Correction, marks: dict[str, str]) -> None:
    _move(article, c, marks, None)


def _split(article: Article, c: Correction, marks: dict[str, str]) -> None:
    if c.article_id and article.id != c.article_id:
        return
    _move(article, c, marks, form_key(c.form) if c.form else None)


def form_key(words: str) -> str:
    """A name form as compared: folded, without a leading "the" ("the United States" is
    the form "United States")."""
    folded = fold(words)
    return folded[4:] if folded.startswith("the ") else folded


def _move(article: Article, c: Correction, marks: dict[str, str], form: str | None) -> None:
    """Mentions of actor ``c.actor`` now stand for ``c.target``: all of them, or (``form``)
    those whose words fold to that name form, with the speaker and addressee mentions that
    read so or hold such a mention ("MS. LEAVITT" around "LEAVITT")."""
    assert c.actor and c.target  # Correction.check
    by_id = {e.id: e for e in article.entities}
    target = _target_entity(article, c)
    moved: list[tuple[int, int]] = []
    whole: set[str] = set()  # entities that move entirely
    for entity in article.entities:
        if entity_key(entity) != c.actor:
            continue
        text = article.text
        going = [s for s in entity.mentions if form is None or form_key(text[s[0] : s[1]]) == form]
        if form is None or (going and len(going) == len(entity.mentions)):
            whole.add(entity.id)
        entity.mentions = [s for s in entity.mentions if s not in going]
        moved += going

    def moves(mention: Mention) -> bool:
        if form is None or form_key(mention.text) == form:
            return True
        return any(s < mention.end and mention.start < e for s, e in moved)

    for quote in article.quotes:
        for role in ("speaker", "addressee"):
            mention = getattr(quote, role)
            if mention is None or mention_key(mention, by_id)[0] != c.actor or not moves(mention):
                continue
            setattr(quote, role, _pointing(mention, target))
            if role == "speaker":
                marks[quote.id] = c.id
        _reabout(quote, whole, target, moved)
    target.mentions = sorted(set(target.mentions) | set(moved))
    kept = [e for e in article.entities if e.id not in whole or e is target]
    if target.mentions and not any(e is target for e in kept):
        kept.append(target)  # a target that only speaks needs no entry: the speaker names it
    article.entities = kept


def _target_entity(article: Article, c: Correction) -> Entity:
    """The article's entity for ``c.target``, made (not yet listed) if the article has none."""
    assert c.target
    for entity in article.entities:
        if entity_key(entity) == c.target:
            return entity
    kind = as_entity_type(c.type) if c.type else "PERSON"
    wikidata = c.target.removeprefix("wd:") if c.target.startswith("wd:") else None
    return Entity(c.target, c.name or c.target, kind, wikidata=wikidata, resolved=True)


def _pointing(mention: Mention, target: Entity) -> Mention:
    return replace(
        mention,
        entity_id=target.id,
        name=target.name,
        type=target.type,
        country=target.country,
        wikidata=target.wikidata,
    )


def _reabout(quote: Quote, whole: set[str], target: Entity, moved: list[tuple[int, int]]) -> None:
    """A quote is about the target if it was about an actor that moved entirely, or holds
    a moved mention (an actor split only in part stays: its other mentions may be inside)."""
    about = [target.id if eid in whole else eid for eid in quote.about]
    if any(quote.start <= s and e <= quote.end for s, e in moved):
        about.append(target.id)
    quote.about = list(dict.fromkeys(about))


def _rename(article: Article, c: Correction, marks: dict[str, str]) -> None:
    assert c.actor and c.name
    by_id = {e.id: e for e in article.entities}
    for quote in article.quotes:
        for role in ("speaker", "addressee"):
            mention = getattr(quote, role)
            if mention is not None and mention_key(mention, by_id)[0] == c.actor:
                setattr(quote, role, replace(mention, entity_id=c.actor, name=c.name))
    for entity in article.entities:
        if entity_key(entity) == c.actor:
            old = entity.id
            entity.id, entity.name, entity.resolved = c.actor, c.name, True
            for quote in article.quotes:
                quote.about = [c.actor if eid == old else eid for eid in quote.about]
                for role in ("speaker", "addressee"):
                    mention = getattr(quote, role)
                    if mention is not None and mention.entity_id == old:
                        setattr(quote, role, replace(mention, entity_id=c.actor, name=c.name))
    del marks  # a new name is not a new speaker


def _speaker(article: Article, c: Correction, marks: dict[str, str]) -> None:
    if article.id != c.article_id:
        return
    quote = find_quote(article.quotes, c.start, c.end, c.words)
    if quote is None:
        return
    if c.target is None:
        quote.speaker = None
    else:
        # The words that named the wrong speaker (or none) do not name this one: the
        # speaker is kept without words of the text.
        quote.speaker = Mention(
            quote.start,
            quote.start,
            "",
            entity_id=c.target,
            name=c.name,
            type=as_entity_type(c.type) if c.type else None,
            wikidata=c.target.removeprefix("wd:") if c.target.startswith("wd:") else None,
        )
    marks[quote.id] = c.id


def find_quote(
    quotes: Sequence[Quote], start: int | None, end: int | None, words: str | None
) -> Quote | None:
    """The quote at [start, end); else the only one with the same words (a newer analyser
    may have moved the span by a character); else None."""
    for quote in quotes:
        if quote.start == start and quote.end == end:
            return quote
    folded = fold(words or "")
    same = [q for q in quotes if folded and fold(q.text) == folded]
    return same[0] if len(same) == 1 else None


_APPLY: dict[str, Callable[[Article, Correction, dict[str, str]], None]] = {
    "merge": _merge,
    "split": _split,
    "rename": _rename,
    "speaker": _speaker,
}


def write_jsonl(corrections: Iterable[Correction], handle: IO[str]) -> int:
    """Corrections as a file to share: one JSON object per line, in the order they were
    made; returns how many were written."""
    count = 0
    for correction in sorted(corrections, key=lambda c: (c.at, c.id)):
        handle.write(json.dumps(correction.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count


def read_jsonl(handle: IO[str], name: str) -> list[Correction]:
    """The corrections of a shared file; ``BadCorrection`` names the file and line."""
    out = []
    for number, line in enumerate(handle, 1):
        if not line.strip():
            continue
        try:
            out.append(Correction.from_dict(json.loads(line)))
        except (ValueError, TypeError) as exc:  # BadCorrection and JSON errors are ValueErrors
            raise BadCorrection(
                f"{name}:{number}: not a correction ({exc}); the file is written by "
                "`sayso corrections export`"
            ) from None
    return out
