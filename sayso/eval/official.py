"""The official-material gold set and its scorer (`sayso eval official`).

A gold folder holds ``docs/`` (source files as published: Kremlin HTML pages, White House
Markdown and HTML) and ``gold/<file>.json`` (hand-annotated statements, offsets into the
``Article.text`` that sayso's readers make of the file, with the text's SHA-256 so a change
of reader is caught instead of silently shifting every span). The set shipped with sayso is
``sayso/eval/data/official`` (its README gives the annotation guidelines).

Scoring, per document and summed over a split (docs/official-eval.md):

- Spans are compared as character sets without edge punctuation and quotation marks
  (:func:`sayso.eval.polnear.norm`); a gold statement is found when a prediction overlaps
  it with Dice ≥ 0.5, each prediction used once, greedily in text order
  (:func:`sayso.eval.polnear.best_match`). A turn cut to its first characters (``cut``) is
  compared with the prediction clipped at the cut, so a prediction must start where the
  turn starts but may run on.
- Optional gold statements (borderline cases: courtesies, joint decisions, free indirect
  continuations) count neither way: a prediction on one is not a false positive, missing
  one is not a miss.
- A prediction inside someone's own words (a turn, a quote, an authored statement) that
  matches no gold statement is that speaker's self-report ("I told him that …"), which the
  annotators do not mark: it is ignored when credited to that speaker or to nobody, and a
  false positive when credited to anyone else.
- Speakers are compared by the resolved actor name (``Quote.speaker.name``) with the
  tolerance of :func:`names_match` and ``names.json``.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from sayso.eval.polnear import best_match, norm
from sayso.model import Article, Quote

DATA_DIR = Path(__file__).resolve().parent / "data" / "official"
SPLITS = ("dev", "heldout")
KINDS = ("turn", "question", "direct", "indirect", "mixed")
TURN_KINDS = ("turn", "question")
FRAME_KINDS = ("turn", "question", "direct", "mixed")
INSIDE = 0.9  # share of a span's characters that must lie in another to count as inside it


class GoldError(Exception):
    """A gold file that cannot be used; the message names the file and what to do."""


@dataclass(frozen=True, slots=True)
class GoldStatement:
    id: str
    kind: str
    start: int
    end: int
    speakers: tuple[str, ...]  # canonical names; empty: the text does not say who
    reporter: bool = False  # a reporter's question or words (named or not)
    optional: bool = False
    cut: bool = False  # a turn cut to its first characters: only its start is marked

    @property
    def is_turn(self) -> bool:
        return self.kind in TURN_KINDS


@dataclass(slots=True)
class GoldDocument:
    file: str
    folder: Path
    split: str
    genre: str
    text_sha256: str
    scope: tuple[int, int]
    author: str | None
    statements: list[GoldStatement]
    meta: dict = field(default_factory=dict)

    @property
    def source(self) -> Path:
        return self.folder / "docs" / self.file


def _statement(d: dict, where: str) -> GoldStatement:
    if d.get("kind") not in KINDS:
        raise GoldError(f"{where}: statement {d.get('id')}: kind {d.get('kind')!r} is not one "
                        f"of {', '.join(KINDS)}")
    who = d.get("speaker")
    speakers = tuple(who) if isinstance(who, list) else ((who,) if who else ())
    return GoldStatement(id=d["id"], kind=d["kind"], start=int(d["start"]), end=int(d["end"]),
                         speakers=speakers, reporter=d.get("role") == "reporter",
                         optional=bool(d.get("optional")), cut=bool(d.get("cut")))


def load_document(path: Path) -> GoldDocument:
    """One ``gold/<file>.json``; its source file is ``../docs/<file>``."""
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
        statements = [_statement(s, str(path)) for s in d["statements"]]
        doc = GoldDocument(file=d["file"], folder=path.parent.parent, split=d["split"],
                           genre=d.get("genre", ""), text_sha256=d["text_sha256"],
                           scope=(int(d["scope"][0]), int(d["scope"][1])),
                           author=d.get("author"), statements=statements,
                           meta={k: d.get(k) for k in ("origin", "url", "published", "notes")})
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise GoldError(f"{path}: not a readable gold file ({type(exc).__name__}: {exc}); "
                        "see sayso/eval/data/official/README.md for the format") from exc
    if doc.split not in SPLITS:
        raise GoldError(f"{path}: split {doc.split!r} is not one of {', '.join(SPLITS)}")
    if not doc.source.is_file():
        raise GoldError(f"{path}: its source document {doc.source} is missing; copy it into "
                        "docs/ next to gold/")
    return doc


def load_gold(folder: Path, split: str = "all") -> list[GoldDocument]:
    """The gold documents of a folder (``docs/`` + ``gold/``), of one split or all."""
    if split not in (*SPLITS, "all"):
        raise GoldError(f"split {split!r}: use dev, heldout or all")
    if not (folder / "gold").is_dir() or not (folder / "docs").is_dir():
        raise GoldError(f"{folder}: not an official gold folder (needs docs/ and gold/); "
                        f"the shipped one is {DATA_DIR}")
    docs = [load_document(p) for p in sorted((folder / "gold").glob("*.json"))]
    return [d for d in docs if split == "all" or d.split == split]


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_article(doc: GoldDocument) -> Article:
    """The document as sayso's readers make it, checked against the gold's text hash."""
    from sayso.ingest import read_inputs

    items = list(read_inputs([str(doc.source)]))
    articles = [a for a in items if isinstance(a, Article)]
    if len(articles) != 1:
        raise GoldError(f"{doc.source}: the readers gave {len(articles)} articles "
                        f"({'; '.join(str(i) for i in items if not isinstance(i, Article))}), "
                        "expected one")
    article = articles[0]
    if text_sha256(article.text) != doc.text_sha256:
        raise GoldError(f"{doc.source}: the text sayso reads from it no longer matches the gold "
                        f"(sha256 {text_sha256(article.text)[:12]}…, gold "
                        f"{doc.text_sha256[:12]}…), so the gold offsets do not line up; a reader "
                        "changed: restore its output or re-annotate the document")
    return article


def predict(doc: GoldDocument) -> tuple[Article, list[Quote]]:
    """Run the whole analysis (statements, speakers, actors) on one gold document."""
    from sayso.engine.pipeline import analyse_article

    article = analyse_article(read_article(doc)).article
    return article, list(article.quotes)


# --- names ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NameRules:
    reporter_labels: frozenset[str]
    anonymous_labels: frozenset[str]
    honorifics: tuple[tuple[str, ...], ...]
    alias_group: dict[str, int]


def _plain(name: str) -> str:
    """Lower case, no accents, punctuation as spaces, runs of initials joined (J. D. → jd)."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = re.sub(r"[^\w]+", " ", s).strip()
    return re.sub(r"\b(\w)\s(?=\w\b)", r"\1", s)


@cache
def name_rules(path: Path = DATA_DIR / "names.json") -> NameRules:
    d = json.loads(path.read_text(encoding="utf-8"))
    groups: dict[str, int] = {}
    for k, group in enumerate(d["aliases"]):
        for name in group:
            groups[_plain(name)] = k
    honorifics = tuple(sorted((tuple(_plain(h).split()) for h in d["honorifics"]),
                              key=len, reverse=True))
    return NameRules(frozenset(_plain(x) for x in d["reporter_labels"]),
                     frozenset(_plain(x) for x in d["anonymous_labels"]), honorifics, groups)


def _tokens(name: str, rules: NameRules) -> tuple[str, ...]:
    words = _plain(name).split()
    out: list[str] = []
    i = 0
    while i < len(words):
        h = next((h for h in rules.honorifics if tuple(words[i:i + len(h)]) == h), None)
        if h:
            i += len(h)
            continue
        out.append(words[i])
        i += 1
    return tuple(out)


def names_match(predicted: str, gold: str, rules: NameRules | None = None) -> bool:
    """Do two names denote the same actor, within the documented tolerance?

    Equal after normalising (case, accents, punctuation, honorifics, initials); or spellings
    listed together in ``names.json``; or one name's words all in the other's with the same
    last word ("Putin" / "Vladimir Putin", "Vladimir Vladimirovich Putin"); or a one-word
    name that is the other's first or last word (family names first: "Hu" / "Hu Jintao").
    """
    rules = rules or name_rules()
    p, g = _tokens(predicted, rules), _tokens(gold, rules)
    if not p or not g:
        return False
    if p == g:
        return True
    gp, gg = rules.alias_group.get(" ".join(p)), rules.alias_group.get(" ".join(g))
    if gp is not None and gp == gg:
        return True
    if p[-1] == g[-1] and (set(p) <= set(g) or set(g) <= set(p)):
        return True
    return len(p) == 1 and p[0] in (g[0], g[-1]) or len(g) == 1 and g[0] in (p[0], p[-1])


def is_reporter(q: Quote, rules: NameRules | None = None) -> bool:
    """The prediction credits the words to a reporter ("Q", "Question", "reporter")."""
    rules = rules or name_rules()
    if q.speaker is None:
        return False
    if q.speaker.name:
        return _plain(q.speaker.name) in rules.reporter_labels
    return _plain(q.speaker.text) in rules.reporter_labels


RIGHT, WRONG, UNKNOWN = "right", "wrong", "unknown"


def speaker_verdict(q: Quote, g: GoldStatement, rules: NameRules | None = None) -> str:
    """right / wrong / unknown: is the predicted speaker the gold one?

    A gold reporter is matched by a reporter label or the reporter's name; a gold speaker
    the text does not name (no name, not a reporter) by a prediction that names nobody or
    only an anonymous label ("AUDIENCE MEMBER").
    "unknown": the prediction names nobody although the gold does.
    """
    rules = rules or name_rules()
    name = q.speaker.name if q.speaker else None
    if g.reporter:
        if is_reporter(q, rules) or (name and any(names_match(name, s, rules)
                                                  for s in g.speakers)):
            return RIGHT
        return UNKNOWN if q.speaker is None else WRONG
    if not g.speakers:
        return RIGHT if not name or _plain(name) in rules.anonymous_labels else WRONG
    if not name:
        return UNKNOWN
    return RIGHT if any(names_match(name, s, rules) for s in g.speakers) else WRONG


# --- matching -------------------------------------------------------------------------


def scoped_predictions(quotes: Iterable[Quote], scope: tuple[int, int]) -> list[Quote]:
    """Predictions that start inside the annotated stretch, cut at its end; the quoted
    words inside a mixed quote belong to that quote, not to a statement of their own."""
    quotes = list(quotes)
    kinds = {q.id: q.kind for q in quotes}
    out = []
    for q in quotes:
        if q.parent and kinds.get(q.parent) == "mixed":
            continue
        if scope[0] <= q.start < scope[1]:
            end = min(q.end, scope[1])
            if end > q.start:
                out.append(q if end == q.end else _clipped(q, end))
    return out


def _clipped(q: Quote, end: int) -> Quote:
    return Quote(q.id, q.kind, q.start, end, q.text[:end - q.start], q.speaker, q.cue,
                 q.parent, q.about, q.confidence, q.addressee)


@dataclass(slots=True)
class DocResult:
    """Everything the scorer found on one document (counts and the cases behind them)."""

    doc: GoldDocument
    text: str
    gold: list[GoldStatement]
    preds: list[Quote]
    match: dict[str, int]  # gold id -> index into preds
    verdicts: dict[str, str]  # gold id -> speaker verdict (matched ones)
    turn_carrier: dict[str, int | None]  # gold turn id -> prediction that carries its words
    turn_verdicts: dict[str, str]
    merged: dict[str, int]  # gold question id -> prediction it sits in, credited to another
    false_pos: list[int]
    ignored: list[int]  # self-reports inside the speaker's own words
    optional_hits: list[int]
    error: str | None = None

    @property
    def required(self) -> list[GoldStatement]:
        return [g for g in self.gold if not g.optional]


def _inside(inner: frozenset[int], outer: frozenset[int]) -> bool:
    return bool(inner) and len(inner & outer) >= INSIDE * len(inner)


def score_document(doc: GoldDocument, text: str, quotes: Iterable[Quote],
                   rules: NameRules | None = None) -> DocResult:
    """Match one document's predictions against its gold statements."""
    rules = rules or name_rules()
    preds = scoped_predictions(quotes, doc.scope)
    pn = [norm(text, [(q.start, q.end)]) for q in preds]
    gold = sorted(doc.statements, key=lambda g: (g.start, -g.end))
    gn = {g.id: norm(text, [(g.start, g.end)]) for g in gold}
    used: set[int] = set()
    match: dict[str, int] = {}
    for g in [g for g in gold if not g.optional] + [g for g in gold if g.optional]:
        cands = pn if not g.cut else [frozenset(c for c in p if c < g.end) for p in pn]
        j = best_match(gn[g.id], cands, used)
        if j is not None:
            match[g.id] = j
    verdicts = {g.id: speaker_verdict(preds[match[g.id]], g, rules)
                for g in gold if g.id in match and not g.optional}
    carrier: dict[str, int | None] = {}
    turn_verdicts: dict[str, str] = {}
    for g in gold:
        if g.optional or not g.is_turn:
            continue
        j = match.get(g.id)
        if j is None:  # whose turn do the words sit in, if any?
            first = min(gn[g.id], default=g.start)
            j = next((k for k, q in enumerate(preds)
                      if q.kind == "turn" and q.start <= first < q.end), None)
        carrier[g.id] = j
        turn_verdicts[g.id] = speaker_verdict(preds[j], g, rules) if j is not None else UNKNOWN
    merged: dict[str, int] = {}
    for g in gold:
        if g.kind != "question" or g.optional:
            continue
        for k, q in enumerate(preds):
            if q.speaker is not None and not is_reporter(q, rules) and \
                    speaker_verdict(q, g, rules) != RIGHT and _inside(gn[g.id], pn[k]):
                merged[g.id] = k
                break
    optional_hits = sorted(match[g.id] for g in gold if g.optional and g.id in match)
    frames = [g for g in gold if g.kind in FRAME_KINDS]
    false_pos: list[int] = []
    ignored: list[int] = []
    for k, q in enumerate(preds):
        if k in used:
            continue
        frame = min((g for g in frames if _inside(pn[k], gn[g.id])),
                    key=lambda g: len(gn[g.id]), default=None)
        owner = frame or (_author_frame(doc) if doc.author else None)
        name = q.speaker.name if q.speaker else None
        if owner is not None and (speaker_verdict(q, owner, rules) == RIGHT
                                  or (not name and not is_reporter(q, rules))):
            ignored.append(k)
        else:
            false_pos.append(k)
    return DocResult(doc, text, gold, preds, match, verdicts, carrier, turn_verdicts, merged,
                     false_pos, ignored, optional_hits)


def _author_frame(doc: GoldDocument) -> GoldStatement:
    """An authored statement or message: the whole text is its author's words."""
    return GoldStatement("author", "direct", doc.scope[0], doc.scope[1],
                         (doc.author,) if doc.author else ())


# --- figures --------------------------------------------------------------------------


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def figures(results: list[DocResult]) -> dict:
    """Recall, precision, speakers, turn speakers and merged questions over documents."""
    gold = sum(len(r.required) for r in results)
    found = sum(1 for r in results for g in r.required if g.id in r.match)
    counted = sum(len(r.preds) - len(r.ignored) - len(r.optional_hits) for r in results)
    verdicts = Counter(v for r in results for v in r.verdicts.values())
    turns = [v for r in results for v in r.turn_verdicts.values()]
    questions = sum(1 for r in results for g in r.required if g.kind == "question")
    by_kind: dict[str, dict] = {}
    for kind in KINDS:
        gs = [(r, g) for r in results for g in r.required if g.kind == kind]
        if gs:
            hit = [(r, g) for r, g in gs if g.id in r.match]
            by_kind[kind] = {"gold": len(gs), "found": len(hit),
                             "speaker_right": sum(r.verdicts[g.id] == RIGHT for r, g in hit)}
    out = {
        "documents": len(results),
        "failed": sum(1 for r in results if r.error),
        "gold": gold,
        "predicted": counted,
        "found": found,
        "recall": _ratio(found, gold),
        "precision": _ratio(found, counted),
        "speaker_right": _ratio(verdicts[RIGHT], found),
        "speaker_wrong": verdicts[WRONG],
        "speaker_unknown": verdicts[UNKNOWN],
        "turns": len(turns),
        "turn_speaker_accuracy": _ratio(sum(v == RIGHT for v in turns), len(turns)),
        "questions": questions,
        "merged_questions": sum(len(r.merged) for r in results),
        "self_reports_ignored": sum(len(r.ignored) for r in results),
        "by_kind": by_kind,
    }
    return out


def by_genre(results: list[DocResult]) -> dict[str, dict]:
    genres = sorted({r.doc.genre for r in results})
    keep = ("documents", "gold", "recall", "precision", "speaker_right",
            "turn_speaker_accuracy", "merged_questions")
    return {g: {k: v for k, v in figures([r for r in results if r.doc.genre == g]).items()
                if k in keep} for g in genres}


# --- running --------------------------------------------------------------------------


def failed(doc: GoldDocument, reason: str) -> DocResult:
    return DocResult(doc, "", [], [], {}, {}, {}, {}, {}, [], [], [], error=reason)


def evaluate(docs: list[GoldDocument],
             progress: Callable[[int], None] | None = None) -> list[DocResult]:
    """Analyse and score every document; a document that cannot be read is kept as failed."""
    results = []
    for n, doc in enumerate(docs, 1):
        try:
            article, quotes = predict(doc)
        except GoldError as exc:
            results.append(failed(doc, str(exc)))
        else:
            results.append(score_document(doc, article.text, quotes))
        if progress:
            progress(n)
    return results


def report(results: list[DocResult], split: str) -> dict:
    """Figures per split (and over all of them when more than one is shown)."""
    shown = SPLITS if split == "all" else (split,)
    out = {s: figures([r for r in results if r.doc.split == s]) for s in shown}
    if split == "all":
        out["all"] = figures(results)
        out["all"]["by_genre"] = by_genre(results)
    return out


# --- error listing --------------------------------------------------------------------


def _excerpt(text: str, start: int, end: int, width: int = 90) -> str:
    s = " ".join(text[start:end].split())
    return s if len(s) <= width else s[:width - 25] + " … " + s[-20:]


def _who(q: Quote | None) -> str:
    if q is None or q.speaker is None:
        return "nobody"
    if q.speaker.name:
        return q.speaker.name
    return f"unresolved {' '.join(q.speaker.text.split())!r}"


def _gold_who(g: GoldStatement) -> str:
    who = " / ".join(g.speakers) if g.speakers else ("a reporter" if g.reporter else "unnamed")
    return f"{who} (reporter)" if g.reporter and g.speakers else who


def error_lines(r: DocResult) -> Iterator[tuple[str, str]]:
    """(category, line) for every miss, wrong speaker, merged question and false positive."""
    if r.error:
        yield "document failed", f"  FAILED {r.error}"
        return
    text = r.text
    pn = [norm(text, [(q.start, q.end)]) for q in r.preds]
    for g in r.required:
        where = f"[{g.start}-{g.end}] {g.kind} of {_gold_who(g)}"
        if g.id not in r.match:
            gset = norm(text, [(g.start, g.end)])
            near = max(range(len(r.preds)), key=lambda k: len(pn[k] & gset), default=None)
            hint = ""
            if near is not None and pn[near] & gset:
                q = r.preds[near]
                hint = f"  ~ nearest: {q.kind} [{q.start}-{q.end}] by {_who(q)}"
            yield f"missed {g.kind}", f"  MISS {where}: {_excerpt(text, g.start, g.end)!r}{hint}"
        elif r.verdicts[g.id] != RIGHT:
            q = r.preds[r.match[g.id]]
            yield (f"speaker {r.verdicts[g.id]} ({g.kind})",
                   f"  SPEAKER {r.verdicts[g.id]} {where}: got {_who(q)}: "
                   f"{_excerpt(text, g.start, g.end)!r}")
        if g.id in r.turn_verdicts and g.id not in r.match and r.turn_carrier[g.id] is not None:
            q = r.preds[r.turn_carrier[g.id]]
            whose = "own" if r.turn_verdicts[g.id] == RIGHT else "someone else's"
            yield (f"{g.kind} inside {whose} turn",
                   f"  TURN {where} sits inside the {q.kind} [{q.start}-{q.end}] of {_who(q)}")
        if g.id in r.merged:
            q = r.preds[r.merged[g.id]]
            yield ("question merged", f"  MERGED question [{g.start}-{g.end}] inside the "
                   f"{q.kind} [{q.start}-{q.end}] of {_who(q)}: {_excerpt(text, g.start, g.end)!r}")
    for k in r.false_pos:
        q = r.preds[k]
        yield (f"false {q.kind}", f"  FALSE {q.kind} [{q.start}-{q.end}] by {_who(q)}: "
               f"{_excerpt(text, q.start, q.end)!r}")


def error_report(results: list[DocResult]) -> Iterator[str]:
    """The --errors view: per document, then how often each kind of error occurred."""
    counts: Counter[str] = Counter()
    for r in results:
        lines = list(error_lines(r))
        if not lines:
            continue
        yield f"## {r.doc.file} ({r.doc.split}, {r.doc.genre})"
        for category, line in lines:
            counts[category] += 1
            yield line
    yield "## error kinds"
    for category, n in counts.most_common():
        yield f"{n:5d}  {category}"
