"""The event coder on PLOVER's gold-standard records (``PLOVER_GSR_CAMEO.txt``: 322 sentences
from the CAMEO manual, hand-coded with source, target and event markup).

Labels follow PLOVER draft 0.6 and are mapped to the current types (DEMAND → REQUEST,
DISAPPROVE and INVESTIGATE → ACCUSE, FIGHT → ASSAULT). Each record is analysed like an
article (attribution, actors) and coded; the event compared with the gold one is the one
whose trigger stands in a span the gold coder marked as the event (``EVT``), else the
sentence's first. Figures:

- ``event``: the event type is right;
- ``actors``: source and target both right — every predicted actor overlaps a span marked
  for that role and every marked actor is covered (an empty target must stay empty);
- ``both``: type and actors right; ``coded``: some event was found at all;
- ``precision``: of the records where an event was coded, the share with type and actors
  both right (a wrong relation is worse than none: this is what a user reading the coded
  events would find right).

The records are split once, by a hash of their id, into dev (2/3, for tuning the rules) and
held-out (1/3, never looked at while tuning); report held-out figures as the measure.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sayso.model import Article, Event, Participant

GOLD_FILE = "PLOVER_GSR_CAMEO.txt"
LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
          "FIGHT": "ASSAULT"}
MARK = re.compile(r"\((SRC/TAR|SRC|TAR|EVT|LOC):\s*")
Span = tuple[int, int]


@dataclass(slots=True)
class GoldRecord:
    id: str
    text: str
    event: str  # current PLOVER type
    date: str | None
    sources: list[Span] = field(default_factory=list)  # located SRC (and SRC/TAR) segments
    targets: list[Span] = field(default_factory=list)
    triggers: list[Span] = field(default_factory=list)
    reciprocal: bool = False  # SRC/TAR markup: all parties act, no recipient

    @property
    def split(self) -> str:
        return split_of(self.id)


def split_of(record_id: str) -> str:
    """A third of the records, chosen by hash, is held out."""
    digest = int(hashlib.sha256(record_id.encode("utf-8")).hexdigest(), 16)
    return "heldout" if digest % 3 == 0 else "dev"


def default_gold() -> Path:
    """$SAYSO_SHARED/data/plover/…, else ../shared/data/plover/… beside the repo."""
    tail = Path("data") / "plover" / GOLD_FILE
    if os.environ.get("SAYSO_SHARED"):
        return Path(os.environ["SAYSO_SHARED"]) / tail
    for parent in Path(__file__).resolve().parents[2:]:
        if (parent / "shared" / tail).exists():
            return parent / "shared" / tail
    return Path("../shared") / tail


def load_gold(path: Path) -> list[GoldRecord]:
    records = json.loads(path.read_text(encoding="utf-8"))
    out = []
    seen: set[str] = set()
    for r in records:
        if r.get("event") == "DOCUMENT" or not r.get("text"):
            continue
        rid = r["id"]
        while rid in seen:  # the file has one id twice (two COERCE-0004 records)
            rid += "+"
        seen.add(rid)
        rec = GoldRecord(rid, r["text"], LABELS.get(r["event"], r["event"]), r.get("date"))
        info = r.get("textInfo", {})  # one record has the markup as a bare string
        markup = info.get("markup", "") if isinstance(info, dict) else str(info)
        for role, segment, near in segments(markup):
            located = locate(rec.text, segment, near)
            if located is None:
                continue
            if role == "EVT":
                rec.triggers.append(located)
            elif role == "SRC/TAR":
                rec.sources.append(located)
                rec.reciprocal = True
            elif role == "SRC":
                rec.sources.append(located)
            elif role == "TAR":
                rec.targets.append(located)
        out.append(rec)
    return out


def segments(markup: str) -> list[tuple[str, str, int]]:
    """The marked segments and where each starts in the markup with the marks taken out:
    ``(SRC: Egyptian police)`` → ("SRC", "Egyptian police", 0); inner parentheses
    ("(SRC: Revolutionary United Front (RUF))") stay in the segment. The markup without its
    marks is the record's text, so that offset tells which occurrence of a word the coder
    marked ("Romanian" in "Senior Hungarian and (SRC/TAR: Romanian) officials … Romanian
    refugees")."""
    plain: list[str] = []
    size = 0  # characters in ``plain``
    open_marks: list[tuple[str, int] | None] = []  # per open parenthesis: its mark, if any
    found: list[tuple[int, str, str, int]] = []
    i = 0
    while i < len(markup):
        m = MARK.match(markup, i)
        if m:
            open_marks.append((m.group(1), size))
            i = m.end()
            continue
        ch = markup[i]
        i += 1
        if ch == "(":
            open_marks.append(None)
        elif ch == ")" and open_marks:
            mark = open_marks.pop()
            if mark is not None:
                role, begin = mark
                inner = re.sub(r"[()]", " ", "".join(plain)[begin:])
                found.append((begin, role, " ".join(inner.split()), len(found)))
                continue
        plain.append(ch)
        size += 1
    # in the markup's order (an outer mark closes after the marks inside it)
    return [(role, segment, begin) for begin, role, segment, _ in
            sorted(found, key=lambda f: (f[0], -len(f[2])))]


def locate(text: str, segment: str, near: int = 0) -> Span | None:
    """Where a marked segment sits in the plain text (whitespace- and case-insensitive): the
    occurrence closest to where the markup has it."""
    words = [re.escape(w) for w in segment.split() if w.strip("()")]
    if not words:
        return None
    matches = list(re.finditer(r"[\s()]*".join(words), text, re.IGNORECASE))
    if not matches:
        return None
    m = min(matches, key=lambda m: abs(m.start() - near))
    return (m.start(), m.end())


# --- coding the records ---------------------------------------------------------------------

def code_record(record: GoldRecord) -> list[Event]:
    from sayso.actors import resolve_article
    from sayso.events import code_events
    from sayso.nlp import analyse_doc
    from sayso.nlp.pipeline import get_nlp

    published = datetime.fromisoformat(record.date) if record.date else None
    article = Article(source=record.id, text=record.text, published=published, language="en")
    doc = get_nlp()(record.text)
    analyse_doc(article, doc)
    if article.entities:
        resolve_article(article)
    return code_events(article, doc)


def predict(records: Iterable[GoldRecord], progress: Callable[[int], None] | None = None
            ) -> dict[str, list[Event]]:
    out = {}
    for n, record in enumerate(records, 1):
        out[record.id] = code_record(record)
        if progress:
            progress(n)
    return out


# --- scoring ----------------------------------------------------------------------------------

def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def role_right(predicted: list[Participant], gold: list[Span]) -> bool:
    spans = [(p.start, p.end) for p in predicted]
    return all(any(overlaps(s, g) for g in gold) for s in spans) and \
        all(any(overlaps(s, g) for s in spans) for g in gold)


def aligned(record: GoldRecord, events: list[Event]) -> Event | None:
    """The event coded at the words the gold coder marked, else the first one."""
    for e in events:
        if e.trigger and any(overlaps((e.trigger.start, e.trigger.end), t)
                             for t in record.triggers):
            return e
    return events[0] if events else None


def judge(record: GoldRecord, events: list[Event]) -> dict[str, bool]:
    e = aligned(record, events)
    if e is None:
        return {"coded": False, "event": False, "actors": False, "both": False}
    right_event = e.event == record.event and not e.negated
    right_actors = role_right(e.source, record.sources) and role_right(e.target, record.targets)
    return {"coded": True, "event": right_event, "actors": right_actors,
            "both": right_event and right_actors}


def score(records: list[GoldRecord], predictions: dict[str, list[Event]]) -> dict:
    """Figures per split (dev, heldout) and over all records."""
    out = {}
    for name, chosen in (("dev", [r for r in records if r.split == "dev"]),
                         ("heldout", [r for r in records if r.split == "heldout"]),
                         ("all", records)):
        counts: Counter[str] = Counter()
        per_type: dict[str, Counter[str]] = {}
        for r in chosen:
            verdict = judge(r, predictions.get(r.id, []))
            counts.update(k for k, v in verdict.items() if v)
            per_type.setdefault(r.event, Counter()).update(
                ["n"] + [k for k, v in verdict.items() if v])
        n = len(chosen) or 1
        out[name] = {
            "records": len(chosen),
            **{k: round(counts[k] / n, 3) for k in ("coded", "event", "actors", "both")},
            "precision": round(counts["both"] / counts["coded"], 3) if counts["coded"] else 0.0,
            "events_per_record": round(sum(len(predictions.get(r.id, [])) for r in chosen) / n,
                                       2),
            "by_type": {t: {"n": c["n"], "event": round(c["event"] / c["n"], 2),
                            "actors": round(c["actors"] / c["n"], 2)}
                        for t, c in sorted(per_type.items())},
        }
    return out


def describe(record: GoldRecord, events: list[Event]) -> str:
    """One record's gold and prediction, for reading errors."""
    def spans(sp: list[Span]) -> str:
        return ", ".join(record.text[s:e] for s, e in sp)

    lines = [f"{record.id} [{record.split}] gold {record.event}: {spans(record.sources)} -> "
             f"{spans(record.targets)}", f"  {record.text}"]
    chosen = aligned(record, events)
    for e in events:
        mark = "*" if e is chosen else " "
        lines.append(f" {mark} {e.event}{':' + e.mode if e.mode else ''} "
                     f"{[p.text for p in e.source]} -> {[p.text for p in e.target]} "
                     f"@{e.trigger.text if e.trigger else ''}"
                     f"{' NEG' if e.negated else ''}{' ' + e.time if e.time else ''}")
    return "\n".join(lines)
