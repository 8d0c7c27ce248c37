"""What an article itself says about who an entity is, whatever the NLP typed it: a
transcript label ("MS. LEAVITT:"), an honorific ("Mr", "Sen.") or a person's title with a
name ("National Security Advisor Mike Waltz") make it a person; a bare family name is read
in its fullest form elsewhere in the article, its title included ("Press Briefing by Press
Secretary Karoline Leavitt")."""

from __future__ import annotations

import re
from collections.abc import Callable

from sayso.actors.describe import Description
from sayso.actors.names import name_words
from sayso.actors.resolve import not_names
from sayso.model import Article, Entity

Span = tuple[int, int]
_BEFORE = re.compile(r"(?:[A-Z][\w’'.-]*\s+){1,4}$")
_WORD_BEFORE = re.compile(r"([A-Za-z][\w’'.-]*)[ \t]+$")


def label_spans(article: Article) -> set[Span]:
    """Spans that label a turn in a transcript ("PRESIDENT BIDEN:", "Q"): people."""
    return {
        (q.speaker.start, q.speaker.end)
        for q in article.quotes
        if q.kind == "turn" and q.speaker is not None
    }


def within(spans: set[Span], entity: Entity) -> bool:
    """One of the entity's mentions lies inside one of ``spans`` ("CRISWELL" inside the
    label "ADMINISTRATOR CRISWELL")."""
    return any(s <= start and end <= t for start, end in entity.mentions for s, t in spans)


def entity_kind(entity: Entity, descs: list[Description], labels: set[Span]) -> str:
    """PERSON when the article labels a turn with it or gives it an honorific or a
    person's title together with a name; else the NLP's type."""
    if within(labels, entity):
        return "PERSON"
    if any(d.honorific or (d.person_cue and d.name) for d in descs if not d.group):
        return "PERSON"
    return entity.type


def fuller_name(
    surname: str, article: Article, describe_text: Callable[[str], Description]
) -> str | None:
    """The one fuller name the article (title or text) gives a bare family name, if it
    gives exactly one: "Karoline Leavitt" for "MS. LEAVITT"."""
    key = surname.lower()
    found: dict[tuple[str, ...], str] = {}
    for text in (article.title or "", article.text):
        lower = text.lower()
        at = lower.find(key)
        while at >= 0:  # each occurrence, then the capitalised words before it
            before = _BEFORE.search(text, max(0, at - 80), at)
            if before is not None and not text[at + len(key) : at + len(key) + 1].isalpha():
                words_text = " ".join((before.group(0) + text[at : at + len(key)]).split())
                name = describe_text(words_text).name
                words = name_words(name or "")
                ours = len(words) >= 2 and words[-1] == name_words(surname)[-1]
                if name and ours and words[0] not in not_names():  # not "When Leavitt"
                    found.setdefault(words, name)
            at = lower.find(key, at + len(key))
    return next(iter(found.values())) if len(found) == 1 else None


def titled_in_text(
    entity: Entity, article: Article, describe_text: Callable[[str], Description]
) -> bool:
    """The word right before one of the entity's mentions is a person's title or an
    honorific, even when the NLP made the title an entity of its own ("FEMA Administrator
    | Deanne Criswell"); not across punctuation ("PRESIDENT BIDEN: (Inaudible")."""
    for start, _ in entity.mentions:
        before = _WORD_BEFORE.search(article.text, max(0, start - 40), start)
        if before is None:
            continue
        desc = describe_text(before.group(1))
        if desc.title and desc.person_cue and not desc.name or desc.honorific:
            return True
    return False
