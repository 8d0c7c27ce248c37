"""Across the Kremlin pages (../shared/corpora/kremlin-en, 2000–2020) a person written in
different ways is one actor: every spaCy PERSON span is resolved on its page's date with
the publisher's context, and spans naming the same person must land on one id.

Skipped when ../shared (or $SAYSO_SHARED) is absent; the pages are not copied into the repo.
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from pathlib import Path

import pytest

from sayso.actors import MentionContext, resolve_mention
from sayso.actors.describe import describe

REPO = Path(__file__).resolve().parents[2]


def shared() -> Path | None:
    candidates = [Path(os.environ["SAYSO_SHARED"])] if os.environ.get("SAYSO_SHARED") else []
    candidates += [parent / "shared" for parent in REPO.parents]
    return next((c for c in candidates if (c / "corpora" / "kremlin-en").is_dir()), None)


SHARED = shared()
pytestmark = pytest.mark.skipif(SHARED is None, reason="../shared/corpora/kremlin-en absent")


def page_text(path: Path) -> str:
    import lxml.html

    root = lxml.html.parse(str(path)).getroot()
    for hidden in root.xpath('//*[contains(@class,"masha-ignore")]|//script|//style'):
        hidden.drop_tree()
    paragraphs = root.xpath('//div[contains(@class,"read__content")]//p')
    return "\n".join(re.sub(r"\s+", " ", p.text_content()).strip() for p in paragraphs)


@pytest.fixture(scope="module")
def person_spans() -> list[tuple[str, str | None, str]]:
    """(page id, date, span text) for every PERSON entity spaCy finds, titles included."""
    import spacy

    from sayso.config import SPACY_MODELS

    nlp = None
    for name in SPACY_MODELS:
        try:
            nlp = spacy.load(name, disable=["lemmatizer"])
            break
        except OSError:
            continue
    if nlp is None:
        pytest.skip("no spaCy English model installed")
    manifest = json.loads((SHARED / "corpora/kremlin-en/manifest.json").read_text())
    pages = [
        (Path(r["file"]).stem, r["date"], page_text(SHARED / "corpora/kremlin-en" / r["file"]))
        for r in manifest
    ]
    spans = []
    for (page, day, _), doc in zip(pages, nlp.pipe(t for _, _, t in pages), strict=True):
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                start = ent.start
                while start > 0 and doc[start - 1].is_title and not doc[start - 1].is_sent_start:
                    start -= 1  # keep the title before the name: "President of Belarus …"
                spans.append((page, day, doc[start : ent.end].text))
    return spans


def resolved(spans):
    by_actor: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for page, day, text in spans:
        actor = resolve_mention(text, day, MentionContext(country="RUS"))
        if actor:
            by_actor[actor.id][text].add(page)
    return by_actor


def test_lukashenko_putin_and_medvedev_are_one_actor_each_across_pages(person_spans, kb):
    by_actor = resolved(person_spans)
    for actor_id, surname, min_forms in (
        ("wd:Q9188", "Lukashenko", 2),
        ("wd:Q7747", "Putin", 4),
        ("wd:Q23530", "Medvedev", 3),
    ):
        forms = by_actor[actor_id]
        pages = set().union(*forms.values())
        print(f"\n{actor_id}: {len(forms)} spellings on {len(pages)} pages: {sorted(forms)}")
        assert len(forms) >= min_forms and len(pages) >= 2
        # every span carrying the surname (and no other given name) is that actor
        for page, day, text in person_spans:
            name = describe(text, kb).name or ""
            if name.endswith(surname) and not name.startswith("Alexander Medvedev"):
                actor = resolve_mention(text, day, MentionContext(country="RUS"))
                assert actor is not None and actor.id == actor_id, (page, text)


def test_the_hockey_league_medvedev_is_not_the_prime_minister(person_spans):
    by_actor = resolved(person_spans)
    other = [aid for aid, forms in by_actor.items() if "Alexander Medvedev" in forms]
    assert other and "wd:Q23530" not in other
